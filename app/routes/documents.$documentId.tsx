import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { findReadableDocument, readDocumentBytes } from "#app/document/document.server.ts";
import { idParam } from "#app/http/params.ts";

/** Downloads only for those allowed, always as an attachment, never sniffed or framed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const doc = await findReadableDocument(await getDb(), user, idParam(params, "documentId"));
  if (!doc) throw notFound();
  const bytes = await readDocumentBytes(doc.stored_name).catch(() => null);
  if (!bytes) throw notFound();
  const ascii = doc.original_name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": doc.content_type,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.original_name)}`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
