import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readDocumentBytes } from "#app/document/document.server.ts";
import { findReportPhoto } from "#app/report/report.server.ts";

/** A report's photo, for regulators who may see the report; never sniffed or framed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const photo = await findReportPhoto(await getDb(), user, params.reportId ?? "", Number(params.position));
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
