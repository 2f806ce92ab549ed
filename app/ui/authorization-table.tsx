import { useT } from "#app/i18n/use-t.ts";
import type { AuthorizationStatus } from "#db/schema.ts";

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
export function AuthorizationTable({ rows, showEnterprise }: { rows: Row[]; showEnterprise?: boolean }) {
  const t = useT();
  if (!rows.length) return <p>{t("authz.none")}</p>;
  const withActions = rows.some((r) => r.orderLabels);
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            {showEnterprise ? <th scope="col">{t("enterprise.name")}</th> : null}
            <th scope="col">{t("apply.mark")}</th>
            <th scope="col">{t("apply.route")}</th>
            <th scope="col">{t("register.filterStatus")}</th>
            <th scope="col">{t("authz.dueOrSince")}</th>
            {withActions ? <th scope="col">{t("table.actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} className={r.overdue ? "overdue" : undefined}>
              {showEnterprise ? <td>{r.enterprise_name}</td> : null}
              <td>
                <a href={`/authorizations/${r.id}`}>{r.mark_name}</a>
              </td>
              <td>{t(`route.${r.route}`)}</td>
              <td>{t(`status.${r.status}`)}</td>
              <td>
                {r.workingDaysUsed !== null ? (
                  <>
                    {r.review_due_on} · {t("authz.clock", { used: r.workingDaysUsed, limit: r.review_working_days })}
                    {r.overdue ? <strong className="overdue"> · ⚠ {t("authz.overdue")}</strong> : null}
                  </>
                ) : r.active_from ? (
                  t("authz.sinceOn", { date: r.active_from })
                ) : (
                  "—"
                )}
              </td>
              {withActions ? (
                <td>
                  {r.orderLabels ? <a href={`/label-orders/new?authorization=${r.id}`}>{t("labels.new")}</a> : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
