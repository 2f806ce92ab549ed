import type { LoaderFunctionArgs } from "@remix-run/node";
import { may } from "#app/permission/permissions.ts";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { getEnv } from "#app/env.server.ts";
import { streamCodesCsv, streamCodesXlsx } from "#app/label/export.server.ts";
import { findOrderFor } from "#app/label/label-order.server.ts";
import { findMarkById } from "#app/mark/mark.server.ts";
import { idParam } from "#app/http/params.ts";
import { tableFormat, xlsxResponse } from "#app/spreadsheet/table-response.server.ts";

/** Codes go only to whoever prints: the assigned printer, or the enterprise when it self-prints. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const order = await findOrderFor(db, user, idParam(params, "orderId"));
  const mayPrint = order && may(user, "order.receiveCodes", order);
  if (!order || !mayPrint) throw notFound();
  const mark = await findMarkById(db, order.mark_id);
  const origin = getEnv().PUBLIC_ORIGIN ?? new URL(request.url).origin;
  const name = `labels-${order.serial_year}-${order.serial_from}-${order.serial_to}`;
  if (tableFormat(request) === "xlsx")
    return xlsxResponse(streamCodesXlsx(db, order, mark!, origin), `${name}.xlsx`, "private, no-store");
  return new Response(streamCodesCsv(db, order, mark!, origin), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}
