import { useT } from "#app/i18n/use-t.ts";
import type { AuthorizationStatus } from "#db/schema.ts";
import { DataTable } from "./data-table.tsx";

type Row = {
  id: string;
  status: AuthorizationStatus;
  route: "gi_product" | "collective_member" | "certification_licensee";
  enterprise_name: string;
  mark_name: string;
  review_due_on: string | null;
  active_from: string | null;
  workingDaysUsed: number | null;
  review_working_days: number;
  overdue: boolean;
  /** Whether this row offers "order labels" (mayOrderLabels, asked by the loader). */
  orderLabels?: boolean;
};

/**
 * Applications and authorizations, with the working-day clock; overdue rows are marked in words too.
 * When any row may order labels, an actions column offers it on exactly those rows.
 */
export function AuthorizationTable({
  rows,
  showEnterprise,
  label,
}: {
  rows: Row[];
  showEnterprise?: boolean;
  label: string;
}) {
  const t = useT();
  if (!rows.length) return <p>{t("authz.none")}</p>;
  const withActions = rows.some((r) => r.orderLabels);
  return (
    <DataTable
      label={label}
      rows={rows}
      rowKey={(r) => r.id}
      rowClassName={(r) => (r.overdue ? "overdue" : undefined)}
      columns={[
        showEnterprise && { header: t("enterprise.name"), cell: (r) => r.enterprise_name },
        { header: t("apply.mark"), cell: (r) => <a href={`/authorizations/${r.id}`}>{r.mark_name}</a> },
        { header: t("apply.route"), cell: (r) => t(`route.${r.route}`) },
        { header: t("register.filterStatus"), cell: (r) => t(`status.${r.status}`) },
        {
          header: t("authz.dueOrSince"),
          cell: (r) =>
            r.workingDaysUsed !== null ? (
              <>
                {r.review_due_on} · {t("authz.clock", { used: r.workingDaysUsed, limit: r.review_working_days })}
                {r.overdue ? <strong className="overdue"> · ⚠ {t("authz.overdue")}</strong> : null}
              </>
            ) : r.active_from ? (
              t("authz.sinceOn", { date: r.active_from })
            ) : (
              "—"
            ),
        },
        withActions && {
          header: t("table.actions"),
          cell: (r) =>
            r.orderLabels ? <a href={`/label-orders/new?authorization=${r.id}`}>{t("labels.new")}</a> : null,
        },
      ]}
    />
  );
}
