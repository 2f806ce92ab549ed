import type { LoaderFunctionArgs } from "@remix-run/node";
import { discrepancyWords } from "#app/label/discrepancies.ts";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { FIGURES, ledgerQuery } from "#app/label/ledger-query.ts";
import { may } from "#app/permission/permissions.ts";
import { ledgerSummary } from "#app/label/ledger-summary.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "enterprise", "admin");
  const { by } = ledgerQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await ledgerSummary(
    await getDb(),
    user,
    by === "division" && !may(user, "ledger.byDivision", null) ? "order" : by,
  );
  const t = requestT(request);
  return tableResponse(
    request,
    `ledger-by-${by}`,
    [t("labels.ledgerGroup"), ...FIGURES.map((f) => t(`labels.${f}`)), t("labels.discrepancyColumn")],
    rows.map((r) => [r.label, ...FIGURES.map((f) => r[f]), discrepancyWords(r.discrepancies, t)]),
  );
}
