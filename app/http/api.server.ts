import type { ZodError } from "zod";
import { messageOf } from "#app/forms/form.ts";
import { translator, type Lang } from "#app/i18n/i18n.ts";

/**
 * The caller's language for API answers: `?lang=` when given, else the Accept-Language header's
 * most preferred of zh and en, else zh-CN.
 */
export function apiLangOf(lang: string | null, acceptLanguage: string | null): Lang {
  if (lang === "en" || lang === "zh-CN" || lang === "zh") return lang === "en" ? "en" : "zh-CN";
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, order) => {
      const [tag = "", ...rest] = part.trim().toLowerCase().split(";");
      const q = Number(/^\s*q=([\d.]+)/.exec(rest.join(";"))?.[1] ?? "1");
      return { tag, q: Number.isFinite(q) ? q : 0, order };
    })
    .filter((r) => r.q > 0 && (r.tag.startsWith("en") || r.tag.startsWith("zh")))
    .sort((a, b) => b.q - a.q || a.order - b.order);
  return ranked[0]?.tag.startsWith("en") ? "en" : "zh-CN";
}

export const apiLang = (request: Request): Lang =>
  apiLangOf(new URL(request.url).searchParams.get("lang"), request.headers.get("accept-language"));

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
