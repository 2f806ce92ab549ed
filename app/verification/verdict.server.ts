import { CompiledQuery, type Kysely } from "kysely";
import type postgres from "postgres";
import type { AuthorizationStatus, DB, ExitReason, MarkKind, Verdict } from "#db/schema.ts";

export type { Verdict };

/** What a scan may say about a known label: never a serial, an order size or anything about volume. */
export interface LabelFacts {
  labelStatus: "issued" | "printed" | "spoiled" | "received" | "collected" | "voided";
  markId: string;
  markName: string;
  markKind: MarkKind;
  markSlug: string;
  scanWarnThreshold: number;
  enterpriseId: string;
  enterpriseName: string;
  uscc: string;
  authorizationStatus: AuthorizationStatus;
  activeFrom: string | null;
  exitedOn: string | null;
  exitReason: ExitReason | null;
  entryAnnouncement: string | null;
  exitAnnouncement: string | null;
  product: string | null;
  specification: string | null;
  batchNo: string | null;
  productionDate: string | null;
  /** The day (Beijing time) of the label's last step: collected onto its batch, voided, or spoiled at the printer. */
  labelChangedOn: string;
  /** Why a voided or spoiled label was taken out (damaged, lost, misprinted). */
  voidReason: string | null;
  /** While the user is suspended: the day the suspension took effect. */
  suspendedOn: string | null;
  /** Who supervises the mark's use and its hotline (mark settings); the division when none is set. */
  supervisingAuthority: string | null;
  hotline: string | null;
  markDivisionName: string;
}

export interface Lookup {
  facts: LabelFacts | null;
  /** Scans already committed for this code (any process). */
  committedCount: number;
  committedFirst: Date | null;
}

type Row = {
  label_status: LabelFacts["labelStatus"] | null;
  mark_id: string | null;
  mark_name: string | null;
  mark_kind: MarkKind | null;
  mark_slug: string | null;
  scan_warn_threshold: number | null;
  enterprise_id: string | null;
  enterprise_name: string | null;
  uscc: string | null;
  authorization_status: AuthorizationStatus | null;
  active_from: string | null;
  exited_on: string | null;
  exit_reason: ExitReason | null;
  entry_announcement: string | null;
  exit_announcement: string | null;
  product: string | null;
  specification: string | null;
  batch_no: string | null;
  production_date: string | null;
  label_changed_on: string | null;
  void_reason: string | null;
  suspended_on: string | null;
  supervising_authority: string | null;
  hotline: string | null;
  mark_division_name: string | null;
  scan_count: number | null;
  first_scanned_at: Date | null;
};

const LOOKUP_SQL = `
    select l.status as label_status, m.id as mark_id, m.name as mark_name, m.kind as mark_kind,
           m.slug as mark_slug, m.scan_warn_threshold, e.id as enterprise_id, e.name as enterprise_name,
           e.uscc, a.status as authorization_status, a.active_from, a.exited_on, a.exit_reason,
           an.number as entry_announcement, ax.number as exit_announcement,
           b.product, b.specification, b.batch_no, b.production_date,
           (l.updated_at at time zone 'Asia/Shanghai')::date::text as label_changed_on, l.void_reason,
           s.effective_on::text as suspended_on, m.supervising_authority, m.hotline, d.full_name as mark_division_name,
           t.scan_count, t.first_scanned_at
      from (select $1::bytea as code) q
      left join label l on l.code = q.code
      left join label_order o on o.id = l.order_id
      left join "authorization" a on a.id = o.authorization_id
      left join enterprise e on e.id = o.enterprise_id
      left join mark m on m.id = l.mark_id
      left join product_batch b on b.id = l.batch_id
      left join announcement an on an.id = a.entry_announcement_id
      left join announcement ax on ax.id = a.exit_announcement_id
      left join division d on d.code = m.division_code
      left join lateral (
            select ev.effective_on from authorization_event ev
             where a.status = 'suspended' and ev.authorization_id = a.id and ev.to_status = 'suspended'
             order by ev.effective_on desc, ev.id desc limit 1) s on true
      left join scan_tally t on t.code = q.code`;

/**
 * One round trip: the label with everything the page shows, and its committed scan tally. On
 * PostgreSQL it goes through postgres.js as a named prepared statement: planning this ten-table
 * join costs more than running it, and Kysely's driver never prepares.
 */
export async function lookupCode(db: Kysely<DB> | null, code: Uint8Array, raw?: postgres.Sql): Promise<Lookup> {
  const rows = raw
    ? // Named and prepared once per connection, unless a transaction pooler forbids it (decision 021).
      ((await raw.unsafe(LOOKUP_SQL, [code], { prepare: raw.options.prepare !== false })) as unknown as Row[])
    : ((await db!.executeQuery(CompiledQuery.raw(LOOKUP_SQL, [code]))).rows as Row[]);
  const r = rows[0]!;
  const committedCount = r.scan_count ?? 0;
  const committedFirst = r.first_scanned_at ? new Date(r.first_scanned_at) : null;
  if (!r.label_status) return { facts: null, committedCount, committedFirst };
  return {
    committedCount,
    committedFirst,
    facts: {
      labelStatus: r.label_status,
      markId: r.mark_id!,
      markName: r.mark_name!,
      markKind: r.mark_kind!,
      markSlug: r.mark_slug!,
      scanWarnThreshold: r.scan_warn_threshold ?? 5,
      enterpriseId: r.enterprise_id!,
      enterpriseName: r.enterprise_name!,
      uscc: r.uscc!,
      authorizationStatus: r.authorization_status!,
      activeFrom: r.active_from,
      exitedOn: r.exited_on,
      exitReason: r.exit_reason,
      entryAnnouncement: r.entry_announcement,
      exitAnnouncement: r.exit_announcement,
      product: r.product,
      specification: r.specification,
      batchNo: r.batch_no,
      productionDate: r.production_date,
      labelChangedOn: r.label_changed_on!,
      voidReason: r.void_reason,
      suspendedOn: r.suspended_on,
      supervisingAuthority: r.supervising_authority,
      hotline: r.hotline,
      markDivisionName: r.mark_division_name ?? "",
    },
  };
}

const EXITED: ReadonlySet<AuthorizationStatus> = new Set(["cancelled", "withdrawn", "expired"]);

/** DESIGN.md's verdicts, decided from the label's own state first, then its user's. */
export function verdictOf(facts: LabelFacts | null): Verdict {
  if (!facts) return "not_found";
  switch (facts.labelStatus) {
    case "voided":
    case "spoiled":
      return "voided";
    case "issued":
    case "printed":
    case "received":
      return "not_activated";
    case "collected":
      if (facts.authorizationStatus === "suspended") return "suspended_user";
      if (EXITED.has(facts.authorizationStatus)) return "genuine_exited";
      return "genuine";
  }
}
