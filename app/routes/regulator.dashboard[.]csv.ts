import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { dashboard, LABEL_FLOWS, VERDICTS } from "#app/oversight/dashboard.server.ts";
import { dashboardQuery } from "#app/oversight/dashboard-query.ts";

/** Each chart's numbers as CSV: the same figures as the page, formula-safe. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const { mark, chart } = dashboardQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const d = await dashboard(await getDb(), user, { markSlug: mark });
  if (!d) throw notFound();
  const t = requestT(request);
  const name = `dashboard-${chart}${mark ? `-${mark}` : ""}`;
  switch (chart) {
    case "years":
      return tableResponse(
        request,
        name,
        [t("dashboard.year"), t("dashboard.entered"), t("dashboard.exited")],
        d.years.map((y) => [y.year, y.entered, y.exited]),
      );
    case "months":
      return tableResponse(
        request,
        name,
        [t("dashboard.month"), ...LABEL_FLOWS.map((f) => t(`dashboard.flow.${f}`))],
        d.months.map((m) => [m.month, ...LABEL_FLOWS.map((f) => m[f])]),
      );
    case "days":
      return tableResponse(
        request,
        name,
        [t("dashboard.day"), ...VERDICTS.map((v) => t(`verify.verdict.${v}`)), t("chart.total")],
        d.days.map((x) => [x.day, ...VERDICTS.map((v) => x[v]), x.total]),
      );
    default:
      return tableResponse(
        request,
        name,
        [
          t("dashboard.mark"),
          t("dashboard.activeUsers"),
          t("dashboard.target"),
          t("dashboard.usageRate"),
          t("dashboard.enteredThisYear", { year: d.year }),
          t("dashboard.exitedThisYear", { year: d.year }),
        ],
        [
          ...d.perMark.map((m) => [
            m.name,
            m.active,
            m.target,
            m.usageRate === null ? "" : Number(m.usageRate.toFixed(3)),
            m.enteredThisYear,
            m.exitedThisYear,
          ]),
          [
            t("dashboard.total"),
            d.total.active,
            d.total.target,
            d.total.usageRate === null ? "" : Number(d.total.usageRate.toFixed(3)),
            d.total.enteredThisYear,
            d.total.exitedThisYear,
          ],
        ],
      );
  }
}
