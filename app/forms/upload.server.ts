import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { DomainError } from "#app/errors.ts";
import { MAX_BODY_BYTES, readBody } from "#app/forms/body.server.ts";
import { readForm } from "./form.server.ts";

/** The largest document accepted, each file (decision 016). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export type UploadedFile = { field: string; name: string; bytes: Uint8Array };

/**
 * Reads a multipart form with files held in memory (10 MB each at most, `maxFiles` in all).
 * Text fields come back as FormData; empty file inputs are ignored. Limit errors name `fileField`,
 * the form's file input, so the message appears beside it.
 */
export async function readMultipart(
  request: Request,
  maxFiles = 5,
  fileField = "documents",
): Promise<{ formData: FormData; files: UploadedFile[] }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { formData: await readForm(request), files: [] };
  // The whole body is read first, counted against the server's cap (readBody): a parser that
  // stopped at an oversized part would leave bytes unread and stall the keep-alive connection.
  const buffered = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: await readBody(request, MAX_BODY_BYTES),
  });
  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(
      buffered,
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_DOCUMENT_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError)
      throw new DomainError("document.tooLarge", { field: fileField, status: 413 });
    throw new Response("Bad Request", { status: 400 });
  }
  const files: UploadedFile[] = [];
  for (const [field, value] of formData) {
    if (typeof value === "string" || value.size === 0) continue;
    files.push({ field, name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  if (files.length > maxFiles)
    throw new DomainError("document.tooMany", { field: fileField, params: { max: maxFiles } });
  return { formData, files };
}
