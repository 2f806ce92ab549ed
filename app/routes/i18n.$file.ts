import type { LoaderFunctionArgs } from "@remix-run/node";
import { catalogScript } from "#app/i18n/catalogs.ts";
import { LANGS, type Lang } from "#app/i18n/i18n.ts";

/**
 * GET /i18n/<lang>.<hash>.js — one language's messages for the browser (decision 033). The hash
 * names the content, so the current one is cached for a year; an old hash (a page from before a
 * deploy) still gets today's messages, cached for a minute only.
 */
export function loader({ params }: LoaderFunctionArgs) {
  const match = /^(zh-CN|en)\.([0-9a-f]{12})\.js$/.exec(params.file ?? "");
  const lang = match?.[1] as Lang | undefined;
  if (!match || !lang || !LANGS.includes(lang)) return new Response("Not Found", { status: 404 });
  const script = catalogScript(lang);
  return new Response(script.body, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": match[2] === script.hash ? "public, max-age=31536000, immutable" : "public, max-age=60",
    },
  });
}
