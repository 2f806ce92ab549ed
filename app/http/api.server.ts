import type { ZodError } from "zod";
import { messageOf } from "#app/forms/form.ts";
import { translator } from "#app/i18n/i18n.ts";

// The caller's language is the i18n room's rule; the edge and the API client room both ask it.
import { apiLang } from "#app/i18n/request-lang.ts";
export { apiLang, apiLangOf } from "#app/i18n/request-lang.ts";

const API_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Cache-Control": "public, max-age=60",
};

export function apiJson(body: unknown, init: { status?: number; cache?: boolean } = {}) {
  return Response.json(body, {
    status: init.status ?? 200,
    headers: init.cache === false ? { ...API_HEADERS, "Cache-Control": "no-store" } : API_HEADERS,
  });
}

/** 400 with a stable code and a message in the caller's language (apiLang). */
export function apiValidationError(error: ZodError, request: Request) {
  const t = translator(apiLang(request));
  const issues = error.issues.map((issue) => {
    const m = messageOf(issue.message);
    return { field: String(issue.path[0] ?? ""), code: m.key, message: t(m.key, m.params) };
  });
  return apiJson({ error: { code: "invalid_request", issues } }, { status: 400, cache: false });
}
