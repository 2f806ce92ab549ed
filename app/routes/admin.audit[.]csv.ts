import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "#app/accounts/auth.server.ts";
import { auditFilters, searchAudit } from "#app/audit/audit-viewer.server.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { atBeijingTime } from "#app/i18n/i18n.ts";
import { actionWords, actorWords, entityWords } from "#app/audit/words.ts";
import { reasonInWords } from "#app/label/void-reasons.ts";

/** The filtered audit entries as CSV (formula-safe), up to 50,000 rows. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const filters = auditFilters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await searchAudit(await getDb(), filters, 50_000);
  const t = requestT(request);
  return tableResponse(
    request,
    "audit",
    [
      t("audit.seq"),
      atBeijingTime(t, "audit.at"),
      t("audit.actor"),
      t("audit.action"),
      t("audit.entityType"),
      t("audit.entityId"),
      t("audit.before"),
      t("audit.after"),
      t("audit.reason"),
    ],
    rows.map((r) => [
      r.seq,
      r.at,
      actorWords(r.actor_label, t),
      actionWords(r.action, t),
      entityWords(r.entity_type, t),
      r.entity_id,
      JSON.stringify(r.before),
      JSON.stringify(r.after),
      reasonInWords(r.reason, t),
    ]),
  );
}
