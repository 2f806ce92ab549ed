import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "#app/accounts/auth.server.ts";
import { yearFrom } from "#app/calendar/year-query.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { supervisionReport } from "#app/oversight/supervision-report.server.ts";
import { supervisionRows } from "#app/oversight/supervision-rows.ts";

/** The yearly supervision data as one long table (section, subject, figure, value). */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const year = yearFrom(request);
  const t = requestT(request);
  const rows = supervisionRows(await supervisionReport(await getDb(), user, year), t);
  return tableResponse(
    request,
    `supervision-${year}${user.divisionCode ? `-${user.divisionCode}` : ""}`,
    [t("csv.year"), t("csv.section"), t("alert.subject"), t("supervision.metric"), t("supervision.value")],
    rows.map((r) => [year, t(`supervision.section.${r.section}`), r.subject, r.metric, r.value]),
  );
}
