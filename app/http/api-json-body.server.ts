import type { z } from "zod";
import { MAX_FORM_BYTES, readBody } from "#app/forms/body.server.ts";
import { apiError } from "./api-client-gate.server.ts";

/** A small JSON body parsed with `schema`, or the API's 400/413 thrown as a Response. */
export async function readJson<T extends z.ZodTypeAny>(request: Request, schema: T): Promise<z.infer<T>> {
  let bytes: Uint8Array;
  try {
    bytes = await readBody(request, MAX_FORM_BYTES);
  } catch (error) {
    if ((error as { init?: { status?: number } } | null)?.init?.status === 413)
      throw apiError(request, 413, "too_large", "apiClient.tooLarge", { max: MAX_FORM_BYTES });
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw apiError(request, 400, "invalid_request", "apiClient.badJson");
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw apiError(request, 400, "invalid_request", "apiClient.badJson");
  return parsed.data;
}
