import { sql, type Kysely } from "kysely";
import type { Discrepancy } from "./discrepancies.ts";
import type { DB } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { NIL, inDivisionOf } from "#app/accounts/scope.server.ts";
import type { Reconciliation } from "./reconciliation.server.ts";

export type LedgerGrouping = "order" | "enterprise" | "division";

/** The same figures as one order's reconciliation, for a group of orders. */
export interface LedgerRow extends Reconciliation {
  key: string;
  label: string;
}

/**
 * Reconciliation per order, per enterprise or per county, within what the caller may see.
 * Figures come from label rows (issued, spoiled, collected, voided, in stock) and the order's
 * recorded counts (approved, printed, received), so a gap between them shows as a discrepancy.
 */
export async function ledgerSummary(db: Kysely<DB>, user: SessionUser, grouping: LedgerGrouping): Promise<LedgerRow[]> {
  const keyExpr =
    grouping === "order"
      ? sql<string>`o.id::text`
      : grouping === "enterprise"
        ? sql<string>`e.id::text`
        : sql<string>`substr(a.township_code, 1, 6)`;
  const labelExpr =
    grouping === "order"
      ? sql<string>`e.name || ' · ' || m.name || ' · ' || to_char(o.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`
      : grouping === "enterprise"
        ? sql<string>`e.name || ' (' || e.uscc || ')'`
        : sql<string>`(select full_name from division where code = substr(a.township_code, 1, 6))`;
  // labelOrderVisibleTo, in this query's aliases: enterprises their own orders, regulators by site.
  const scope =
    user.role === "enterprise"
      ? sql`o.enterprise_id = ${user.enterpriseId ?? NIL}`
      : inDivisionOf(user, "a.township_code");
  const result = await sql<Omit<LedgerRow, "discrepancies"> & { orders_received: number; printed_known: number }>`
    with per_order as (
      select o.id, o.quantity_approved, o.printed_count, o.received_count,
             count(l.code)::int as issued,
             count(*) filter (where l.status = 'spoiled')::int as spoiled,
             count(*) filter (where l.status = 'collected')::int as collected,
             count(*) filter (where l.status = 'voided')::int as voided,
             count(*) filter (where l.status = 'received')::int as in_stock
      from label_order o left join label l on l.order_id = o.id
      group by o.id
    )
    select ${keyExpr} as key, ${labelExpr} as label,
           coalesce(sum(p.quantity_approved), 0)::int as approved,
           coalesce(sum(p.issued), 0)::int as issued,
           coalesce(sum(p.printed_count), 0)::int as printed,
           coalesce(sum(p.spoiled), 0)::int as spoiled,
           coalesce(sum(p.received_count), 0)::int as received,
           coalesce(sum(p.collected), 0)::int as collected,
           coalesce(sum(p.voided), 0)::int as voided,
           coalesce(sum(p.in_stock), 0)::int as "inStock",
           count(p.received_count)::int as orders_received,
           count(p.printed_count)::int as printed_known
    from per_order p
    join label_order o on o.id = p.id
    join "authorization" a on a.id = o.authorization_id
    join enterprise e on e.id = o.enterprise_id
    join mark m on m.id = o.mark_id
    where ${scope}
    group by 1, 2
    order by 2`.execute(db);
  return result.rows.map(({ orders_received, printed_known, ...r }) => {
    const discrepancies: Discrepancy[] = [];
    if (r.issued > r.approved) discrepancies.push("issued_above_approved");
    if (printed_known > 0 && r.issued - r.spoiled < r.printed) discrepancies.push("issued_not_printed_plus_spoiled");
    if (orders_received > 0 && r.received < r.printed) discrepancies.push("printed_not_received");
    if (orders_received > 0 && r.received !== r.collected + r.voided + r.inStock)
      discrepancies.push("received_not_accounted");
    return { ...r, discrepancies };
  });
}
