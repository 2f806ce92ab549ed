import { createHash } from "node:crypto";
import { en } from "./en.ts";
import { zhCN, type MessageKey } from "./zh-CN.ts";
import type { Lang } from "./i18n.ts";

/**
 * Both languages' messages, for the server (and tests, scripts, the scan hot path). The browser
 * never bundles this module: vite.config.ts resolves it to catalogs.client.ts in the client build,
 * and each page loads only its own language's messages from `catalogScriptPath(lang)`, a script the
 * browser caches (decision 033).
 */
const catalogs: Record<Lang, Readonly<Record<MessageKey, string>>> = { "zh-CN": zhCN, en };

export function catalogOf(lang: Lang): Readonly<Record<string, string>> {
  return catalogs[lang];
}

/** Where a page loads its language's messages: the path carries a hash of them, so it is cached for good. */
export function catalogScriptPath(lang: Lang): string {
  return `/i18n/${lang}.${catalogScript(lang).hash}.js`;
}

const scripts = new Map<Lang, { body: string; hash: string }>();

/** The script that hands one language's messages to the browser's translator (catalogs.client.ts). */
export function catalogScript(lang: Lang): { body: string; hash: string } {
  let script = scripts.get(lang);
  if (!script) {
    // `<` escaped so that no message can close a script element, whatever it says.
    const json = JSON.stringify({ lang, messages: catalogs[lang] }).replace(/</g, "\\u003c");
    const body = `window.__giCatalog=${json};\n`;
    script = { body, hash: createHash("sha256").update(body).digest("hex").slice(0, 12) };
    scripts.set(lang, script);
  }
  return script;
}
