import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readDocumentBytes } from "#app/document/document.server.ts";
import { publicQualityDocument } from "#app/mark/mark-admin.server.ts";

/** The quality requirements of a mark are public: anyone may download them (as an attachment). */
export async function loader({ params }: LoaderFunctionArgs) {
  const doc = await publicQualityDocument(await getDb(), params.slug ?? "");
  if (!doc) throw notFound();
  const bytes = await readDocumentBytes(doc.stored_name).catch(() => null);
  if (!bytes) throw notFound();
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": doc.content_type,
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(doc.original_name)}`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
