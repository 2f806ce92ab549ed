import { useLang, useT } from "#app/i18n/use-t.ts";
import type { LabelOrderStatus } from "#db/schema.ts";
import { formatDate } from "#app/i18n/format.ts";

type Row = {
  id: string;
  status: LabelOrderStatus;
  quantity_requested: number;
  quantity_approved: number | null;
  created_at: Date | string;
  enterprise_name: string;
  mark_name: string;
  printer_name: string | null;
};

export function LabelOrdersTable({ rows, showEnterprise }: { rows: Row[]; showEnterprise?: boolean }) {
  const t = useT();
  const lang = useLang();
  if (!rows.length) return <p className="muted">{t("labels.none")}</p>;
  return (
    <div className="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">{t("column.orderedOn")}</th>
            {showEnterprise ? <th scope="col">{t("enterprise.name")}</th> : null}
            <th scope="col">{t("apply.mark")}</th>
            <th scope="col">{t("labels.requested")}</th>
            <th scope="col">{t("labels.approvedQty")}</th>
            <th scope="col">{t("register.filterStatus")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={o.id}>
              <td>
                <a href={`/label-orders/${o.id}`}>{formatDate(o.created_at, lang)}</a>
              </td>
              {showEnterprise ? <td>{o.enterprise_name}</td> : null}
              <td>{o.mark_name}</td>
              <td>{o.quantity_requested}</td>
              <td>{o.quantity_approved ?? "—"}</td>
              <td>{t(`labels.status.${o.status}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
