import { data } from "@remix-run/node";
import { DomainError } from "#app/errors.ts";
import { assertPageAccount } from "./page-account.server.ts";
import { ignoreBody, MAX_FORM_BYTES, readBody } from "#app/forms/body.server.ts";
import { failureFrom, valuesOf, type FormFailure } from "./form.ts";
import { resentFields, type ActSummary, type Confirmation } from "./confirmation.ts";

/**
 * Reads a urlencoded (or file-less multipart) form of at most `limit` bytes, counted as they
 * arrive (readBody): a larger one is a 413 and is never buffered.
 */
export async function readForm(request: Request, limit = MAX_FORM_BYTES): Promise<FormData> {
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) {
    await ignoreBody(request);
    throw new Response("Unsupported Media Type", { status: 415 });
  }
  const bytes = await readBody(request, limit);
  let formData: FormData;
  try {
    formData = await new Response(bytes, { headers: { "Content-Type": type } }).formData();
  } catch {
    throw new Response("Bad Request", { status: 400 });
  }
  assertPageAccount(request, formData);
  return formData;
}

/** 400 (or the error's status) with the user's input kept and the message keyed for i18n. */
export function formFailure(failure: FormFailure, status = 400, headers?: HeadersInit) {
  return data(failure, { status, headers });
}

/** What the page shows for a refusal: its message (on its field, or each field's), the user's input kept. */
export function failureOf(error: DomainError, formData: FormData): FormFailure {
  const sent = error.options.formData ?? formData;
  if (error.options.fieldErrors) return { ok: false, values: valuesOf(sent), fieldErrors: error.options.fieldErrors };
  const { params, items } = error.options;
  return failureFrom(sent, { key: error.key, params, ...(items ? { items } : {}) }, error.options.field);
}

/** Turns a DomainError into a form failure response (the user's input kept); anything else is rethrown. */
export function domainFailure(error: unknown, formData: FormData) {
  if (!(error instanceof DomainError)) throw error;
  const retryAfter = error.options.retryAfter;
  return formFailure(
    failureOf(error, formData),
    error.status,
    retryAfter ? { "Retry-After": String(retryAfter) } : undefined,
  );
}

/** The confirmation step of a legal act: nothing has changed; the page shows what would (confirmation.ts). */
export function confirmationStep(formData: FormData, summary: ActSummary) {
  return data<Confirmation>({ ...summary, confirm: true, fields: resentFields(formData) });
}
