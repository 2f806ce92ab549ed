import { data } from "@remix-run/node";
import { DomainError } from "#app/errors.ts";
import { failureFrom, type FormFailure } from "./form.ts";

export const MAX_FORM_BYTES = 64 * 1024;

/** Reads a urlencoded form, refusing bodies larger than `limit` before parsing them. */
export async function readForm(request: Request, limit = MAX_FORM_BYTES): Promise<FormData> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > limit) {
    // Read the rest before answering (the server caps bodies at 32 MB): answering early would
    // leave the upload unread and the browser would see a reset connection, not this message.
    await request.arrayBuffer().catch(() => undefined);
    throw new Response(
      `提交的内容过多（上限 ${limit / 1024} KB），未作任何更改。请缩短后重试。\nThe form is too large (limit ${limit / 1024} KB); nothing was changed.`,
      {
        status: 413,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      },
    );
  }
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    throw new Response("Unsupported Media Type", { status: 415 });
  }
  try {
    return await request.formData();
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
}

/** 400 (or the error's status) with the user's input kept and the message keyed for i18n. */
export function formFailure(failure: FormFailure, status = 400, headers?: HeadersInit) {
  return data(failure, { status, headers });
}

/** Turns a DomainError into a form failure response; anything else is rethrown. */
export function domainFailure(error: unknown, formData: FormData) {
  if (error instanceof DomainError) {
    return formFailure(
      failureFrom(formData, { key: error.key, params: error.options.params }, error.options.field),
      error.status,
      error.options.retryAfter ? { "Retry-After": String(error.options.retryAfter) } : undefined,
    );
  }
  throw error;
}
