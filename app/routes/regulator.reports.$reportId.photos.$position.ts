import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readDocumentBytes } from "#app/document/document.server.ts";
import { findReportPhoto } from "#app/report/report-case.server.ts";
import { idParam, integerParam } from "#app/http/params.ts";
import { PG_INTEGER } from "#app/forms/form.ts";

/** A report's photo, for regulators who may see the report; never sniffed or framed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const photo = await findReportPhoto(
    await getDb(),
    user,
    idParam(params, "reportId"),
    integerParam(params, "position", 0, PG_INTEGER.max),
  );
  if (!photo) throw notFound();
  const bytes = await readDocumentBytes(photo.stored_name).catch(() => null);
  if (!bytes) throw notFound();
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": photo.content_type,
      "Content-Length": String(bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": "inline",
    },
  });
}
