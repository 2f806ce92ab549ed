import { useLang, useT } from "#app/i18n/use-t.ts";
import type { LabelOrderStatus } from "#db/schema.ts";
import { formatDate, formatNumber } from "#app/i18n/format.ts";
import { DataTable } from "./data-table.tsx";

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

/** Label orders, newest first; `label` names the table (the heading above it). */
export function LabelOrdersTable({
  rows,
  showEnterprise,
  label,
}: {
  rows: Row[];
  showEnterprise?: boolean;
  label: string;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <DataTable
      label={label}
      empty={t("labels.none")}
      rows={rows}
      rowKey={(o) => o.id}
      columns={[
        {
          header: t("column.orderedOn"),
          cell: (o) => <a href={`/label-orders/${o.id}`}>{formatDate(o.created_at, lang)}</a>,
        },
        showEnterprise && { header: t("enterprise.name"), cell: (o) => o.enterprise_name },
        { header: t("apply.mark"), cell: (o) => o.mark_name },
        { header: t("labels.requested"), cell: (o) => formatNumber(o.quantity_requested, lang), numeric: true },
        {
          header: t("labels.approvedQty"),
          cell: (o) => (o.quantity_approved === null ? "—" : formatNumber(o.quantity_approved, lang)),
          numeric: true,
        },
        { header: t("register.filterStatus"), cell: (o) => t(`labels.status.${o.status}`) },
      ]}
    />
  );
}
