import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser, notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { getEnv } from "#app/env.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { LIST_EXPORTS } from "#app/http/list-exports.server.ts";

/** `/export/<list>`: any list page as CSV (or .xlsx), with what the caller may see there and nothing else. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  // `/export/<list>` is CSV; `/export/<list>.xlsx` the same list as a workbook.
  const name = (params.list ?? "").replace(/\.(csv|xlsx)$/, "");
  const list = Object.hasOwn(LIST_EXPORTS, name) ? LIST_EXPORTS[name] : undefined;
  if (!list) throw notFound();
  const user = list.roles === "public" ? await getUser(request) : await requireRole(request, ...list.roles);
  const url = new URL(request.url);
  const origin = getEnv().PUBLIC_ORIGIN ?? url.origin;
  const table = await list.build(await getDb(), user, url.searchParams, requestT(request), origin);
  if (!table) throw notFound();
  const suffix = url.searchParams
    .get("mark")
    ?.replace(/[^a-z0-9-]/g, "")
    .slice(0, 64);
  return tableResponse(request, `${name}${suffix ? `-${suffix}` : ""}`, table.header, table.rows);
}
