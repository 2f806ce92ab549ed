import type { LoaderFunctionArgs } from "@remix-run/node";
import { may } from "#app/permission/permissions.ts";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { getEnv } from "#app/env.server.ts";
import { orderEpcis } from "#app/label/epcis.server.ts";
import { idParam } from "#app/http/params.ts";

/** The order's label ledger as an EPCIS 2.0 JSON-LD document (decision 053), for the enterprise and its regulators. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!may(user, "order.exportEvents", null)) throw notFound();
  const origin = getEnv().PUBLIC_ORIGIN ?? new URL(request.url).origin;
  const found = await orderEpcis(await getDb(), user, idParam(params, "orderId"), origin);
  if (!found) throw notFound();
  return new Response(JSON.stringify(found.document, null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${found.filename}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
