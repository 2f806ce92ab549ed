import type { z, ZodIssue } from "zod";
import { MAX_FORM_BYTES, readBody } from "#app/forms/body.server.ts";
import { MAX_BODY_BYTES, MAX_DOCUMENT_BYTES } from "#app/forms/limits.ts";
import type { MessageKey, Params } from "#app/i18n/i18n.ts";
import { DomainError } from "#app/errors.ts";
import { apiError, apiRefusal } from "./api-client-gate.server.ts";

const MB = 1024 * 1024;

/** The byte limit a body was refused at (readBody throws `data({limitBytes}, 413)`), or null when it was not. */
export function refusedBodyLimit(error: unknown): number | null {
  const refused = error as { init?: { status?: number }; data?: { limitBytes?: unknown } } | null;
  if (refused?.init?.status !== 413) return null;
  return typeof refused.data?.limitBytes === "number" ? refused.data.limitBytes : MAX_FORM_BYTES;
}

/** The API's 413 in words that fit what was sent: a multipart upload's limits, or a JSON body's. */
export function bodyTooLargeReply(request: Request, limitBytes: number): Response {
  return limitBytes >= MAX_BODY_BYTES
    ? apiError(request, 413, "too_large", "apiClient.multipartTooLarge", {
        max: limitBytes / MB,
        file: MAX_DOCUMENT_BYTES / MB,
      })
    : apiError(request, 413, "too_large", "apiClient.bodyTooLarge", { max: limitBytes });
}

/** A schema's first complaint as a message that names the field. */
export function fieldIssue(issue: ZodIssue | undefined): { field: string; key: MessageKey; params: Params } {
  const field = issue?.path.join(".") || "body";
  if (issue?.code === "invalid_enum_value")
    return { field, key: "apiClient.fieldOneOf", params: { field, options: issue.options.join(", ") } };
  if (issue?.code === "invalid_literal")
    return { field, key: "apiClient.fieldOneOf", params: { field, options: String(issue.expected) } };
  if (issue?.code === "too_big" && issue.type === "string")
    return { field, key: "apiClient.fieldTooLong", params: { field, max: Number(issue.maximum) } };
  if (issue?.code === "invalid_type" && issue.received === "undefined")
    return { field, key: "apiClient.fieldRequired", params: { field } };
  return { field, key: "apiClient.fieldInvalid", params: { field } };
}

/**
 * A small JSON body parsed with `schema`, or the API's 400/413 thrown as a Response. `example`
 * is the endpoint's own body shape, shown when what came is not JSON; a schema failure names its field.
 */
export async function readJson<T extends z.ZodTypeAny>(
  request: Request,
  schema: T,
  example: string,
): Promise<z.infer<T>> {
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(request.headers.get("content-type") ?? ""))
    throw apiError(request, 415, "unsupported_media_type", "apiClient.unsupportedType", { types: "application/json" });
  let bytes: Uint8Array;
  try {
    bytes = await readBody(request, MAX_FORM_BYTES);
  } catch (error) {
    const limit = refusedBodyLimit(error);
    if (limit !== null) throw bodyTooLargeReply(request, limit);
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw apiError(request, 400, "invalid_request", "apiClient.notJson", { example });
  }
  if (!value || typeof value !== "object" || Array.isArray(value))
    throw apiError(request, 400, "invalid_request", "apiClient.notJson", { example });
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const { field, key, params } = fieldIssue(parsed.error.issues[0]);
    throw apiRefusal(request, new DomainError(key, { field, params }));
  }
  return parsed.data;
}
