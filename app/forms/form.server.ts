import { data } from "@remix-run/node";
import { DomainError } from "#app/errors.ts";
import { failureFrom, type FormFailure } from "./form.ts";

export const MAX_FORM_BYTES = 64 * 1024;

/** Reads a urlencoded form, refusing bodies larger than `limit` before parsing them. */
export async function readForm(request: Request, limit = MAX_FORM_BYTES): Promise<FormData> {
  const length = Number(request.headers.get("Content-Length") ?? "0");
  if (length > limit) throw new Response("Payload Too Large", { status: 413 });
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
    );
  }
  throw error;
}
