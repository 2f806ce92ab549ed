import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "#app/accounts/auth.server.ts";
import { alertFilters, listAlerts } from "#app/alert/alert-queue.server.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { atBeijingTime } from "#app/i18n/i18n.ts";
import { explainAlert } from "#app/ui/alert-text.ts";

/** The queue as filtered on the page, formula-safe. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const filters = alertFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listAlerts(await getDb(), user, filters, 50_000);
  const t = requestT(request);
  return tableResponse(
    request,
    "alerts",
    [
      t("alert.kind"),
      t("alert.subject"),
      t("enterprise.name"),
      t("dashboard.mark"),
      t("alert.division"),
      t("alert.occurrences"),
      atBeijingTime(t, "alert.raised"),
      atBeijingTime(t, "alert.lastSeen"),
      t("alert.state"),
      t("alert.resolution"),
      t("alert.evidence"),
    ],
    rows.map((a) => [
      t(`flag.kind.${a.kind}`),
      a.subject_label ?? "",
      a.enterprise_name,
      a.mark_name,
      a.division_name ?? t("alert.national"),
      a.occurrences,
      a.raised_at,
      a.last_seen_at,
      t(`alert.state.${a.state}`),
      a.resolution,
      explainAlert(t, a.kind, a.detail, a.occurrences) ?? "",
    ]),
  );
}
