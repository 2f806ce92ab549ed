import type { Lang } from "./i18n.ts";

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
