import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "#app/accounts/auth.server.ts";
import { TEMPLATE_HEADER } from "#app/register-import/template.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";

/** The register import template, as CSV (and, through its .xlsx twin, as Excel). */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator", "admin");
  return tableResponse(request, "register-import-template", TEMPLATE_HEADER, []);
}
