import busboy from "busboy";
import { DomainError } from "#app/errors.ts";
import { MAX_BODY_BYTES, MAX_FORM_BYTES, readBody } from "#app/forms/body.server.ts";
import { readForm } from "./form.server.ts";
import { MAX_DOCUMENT_BYTES } from "./limits.ts";
import { assertPageAccount } from "./page-account.server.ts";

export { MAX_DOCUMENT_BYTES } from "./limits.ts";
/** Text fields one form may carry (the largest form has about 20); past it the request is refused. */
export const MAX_FORM_FIELDS = 100;
/** Bytes handed to the parser between two turns of the event loop: a scan is never kept waiting. */
const SLICE_BYTES = 256 * 1024;

export type UploadedFile = { field: string; name: string; bytes: Uint8Array };
/** A file past MAX_DOCUMENT_BYTES: not read, only named. */
export type OversizedFile = { field: string; name: string };

class PartLimit extends Error {
  constructor(readonly kind: "files" | "fields") {
    super(kind);
  }
}

/**
 * Reads a multipart form with files held in memory (10 MB each at most, `maxFiles` in all, at
 * most MAX_FORM_FIELDS text fields of 64 KB). Text fields come back as FormData; empty file
 * inputs are ignored. Limit errors name `fileField`, the form's file input, so the message appears
 * beside it. Parsed by busboy a slice at a time (decision 013): a body of 150,000 tiny parts is
 * refused at the 101st, and no body holds the event loop.
 */
export async function readMultipart(
  request: Request,
  maxFiles = 5,
  fileField = "documents",
  options: { keepOversized?: boolean } = {},
): Promise<{ formData: FormData; files: UploadedFile[]; oversized: OversizedFile[] }> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { formData: await readForm(request), files: [], oversized: [] };
  // The whole body is read first, counted against the server's cap (readBody): a parser that
  // stopped at an oversized part would leave bytes unread and stall the keep-alive connection.
  const body = await readBody(request, MAX_BODY_BYTES);
  let parsed: Awaited<ReturnType<typeof parse>>;
  try {
    parsed = await parse(body, type, maxFiles);
  } catch (error) {
    if (error instanceof PartLimit) {
      if (error.kind === "files")
        throw new DomainError("document.tooMany", { field: fileField, params: { max: maxFiles } });
      throw new DomainError("form.tooManyFields", { params: { max: MAX_FORM_FIELDS }, status: 413 });
    }
    // A broken body (cut short, a bad boundary) is a refusal in words, on a page or through the API.
    throw new DomainError("upload.broken", { status: 400 });
  }
  // A file over its limit is named, and the rest of the form is still read and kept for the
  // user: the whole body is already within the server's cap, so reading on costs nothing more.
  // With keepOversized the caller names each one beside its own input and keeps the rest (upload-draft.server.ts).
  const first = parsed.oversized[0];
  if (first && !options.keepOversized)
    throw new DomainError("document.tooLargeNamed", {
      field: fileField,
      status: 413,
      params: { name: first.name.slice(0, 80), limit: MAX_DOCUMENT_BYTES / (1024 * 1024) },
      formData: parsed.formData,
    });
  assertPageAccount(request, parsed.formData);
  return { formData: parsed.formData, files: parsed.files, oversized: parsed.oversized };
}

async function parse(body: Uint8Array, contentType: string, maxFiles: number) {
  const formData = new FormData();
  const files: UploadedFile[] = [];
  let fields = 0;
  let failure: Error | null = null;
  const oversized: OversizedFile[] = [];
  const parser = busboy({
    headers: { "content-type": contentType },
    defParamCharset: "utf8",
    limits: {
      // One more than allowed, so going past a limit is seen rather than silently truncated.
      files: maxFiles + 1,
      fields: MAX_FORM_FIELDS + 1,
      parts: maxFiles + MAX_FORM_FIELDS + 2,
      fileSize: MAX_DOCUMENT_BYTES,
      fieldSize: MAX_FORM_BYTES,
      fieldNameSize: 200,
    },
  });
  const fail = (error: Error) => {
    failure ??= error;
  };
  parser.on("field", (name, value, info) => {
    if (info.valueTruncated || info.nameTruncated) fail(new PartLimit("fields"));
    else if (++fields > MAX_FORM_FIELDS) fail(new PartLimit("fields"));
    else formData.append(name, value);
  });
  parser.on("file", (name, stream, info) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    let truncated = false;
    stream.on("limit", () => {
      truncated = true;
      oversized.push({ field: name, name: info.filename || name });
      chunks.length = 0;
    });
    stream.on("end", () => {
      if (truncated) return;
      const bytes = Buffer.concat(chunks);
      // An empty file input is sent as a part with no bytes: not a file.
      if (!bytes.byteLength) return;
      if (files.length >= maxFiles) return fail(new PartLimit("files"));
      files.push({ field: name, name: info.filename ?? "", bytes: new Uint8Array(bytes) });
    });
  });
  parser.on("partsLimit", () => fail(new PartLimit("fields")));
  parser.on("filesLimit", () => fail(new PartLimit("files")));
  parser.on("fieldsLimit", () => fail(new PartLimit("fields")));
  const finished = new Promise<void>((resolve) => {
    parser.on("close", resolve);
    parser.on("error", (error: Error) => {
      fail(error);
      resolve();
    });
  });
  for (let offset = 0; offset < body.byteLength && !failure; offset += SLICE_BYTES) {
    parser.write(body.subarray(offset, offset + SLICE_BYTES));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (failure) throw failure;
  parser.end();
  await finished;
  if (failure) throw failure;
  return { formData, files, oversized };
}
