import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "#app/accounts/auth.server.ts";
import { annualReportRegister } from "#app/annual-report/annual-report.server.ts";
import { yearFrom } from "#app/calendar/year-query.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { atBeijingTime } from "#app/i18n/i18n.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const year = yearFrom(request);
  const rows = await annualReportRegister(await getDb(), user, year);
  const t = requestT(request);
  return tableResponse(
    request,
    `annual-reports-${year}`,
    [
      t("annualReport.year"),
      t("enterprise.name"),
      t("enterprise.uscc"),
      t("dashboard.mark"),
      t("annualReport.state"),
      t("annualReport.dueOn"),
      atBeijingTime(t, "csv.filedAt"),
      t("annualReport.labelsCollected"),
      t("annualReport.labelsVoided"),
      t("annualReport.outputQuantity"),
      t("annualReport.outputUnit"),
      t("annualReport.salesAmount"),
      t("annualReport.markets"),
    ],
    rows.map((r) => [
      year,
      r.enterprise_name,
      r.uscc,
      r.mark_name,
      t(`annualReport.state.${r.state}`),
      r.due_on,
      r.filed_at,
      r.labels_collected,
      r.labels_voided,
      r.output_quantity,
      r.output_unit,
      r.sales_amount,
      r.markets,
    ]),
  );
}
