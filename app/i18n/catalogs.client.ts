import type { Lang } from "./i18n.ts";

/**
 * The browser's stand-in for catalogs.ts (swapped in by vite.config.ts for the client build): the
 * messages of the page's one language, set by the script at catalogScriptPath(lang) before the app
 * starts. Any language asked for gets those messages: a page only ever speaks its own.
 */
declare global {
  interface Window {
    __giCatalog?: { lang: Lang; messages: Record<string, string> };
  }
}

export function catalogOf(lang: Lang): Readonly<Record<string, string>> {
  void lang;
  return (typeof window !== "undefined" && window.__giCatalog?.messages) || {};
}

export function catalogScriptPath(lang: Lang): string {
  void lang;
  throw new Error("catalogScriptPath is asked on the server only");
}
