import type { ZodError } from "zod";
import { messageOf } from "#app/forms/form.ts";
import { translator, type Lang } from "#app/i18n/i18n.ts";

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

/** 400 with a stable code and a message in the caller's language (zh-CN unless ?lang=en). */
export function apiValidationError(error: ZodError, request: Request) {
  const lang: Lang = new URL(request.url).searchParams.get("lang") === "en" ? "en" : "zh-CN";
  const t = translator(lang);
  const issues = error.issues.map((issue) => {
    const m = messageOf(issue.message);
    return { field: String(issue.path[0] ?? ""), code: m.key, message: t(m.key, m.params) };
  });
  return apiJson({ error: { code: "invalid_request", issues } }, { status: 400, cache: false });
}
