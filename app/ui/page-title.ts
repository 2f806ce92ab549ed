import type { MessageKey, Translate } from "#app/i18n/i18n.ts";

/**
 * What a page is called, in the reader's language: a message key, or words made from the page's
 * loader data (an enterprise's name, an announcement's title). Every route with a page exports
 * `handle = titled(…)`; the root layout writes the one `<title>` from the deepest such route.
 */
export type PageTitle<D> = MessageKey | ((t: Translate, data: D) => string);

export interface PageHandle {
  title: PageTitle<never>;
}

/** The handle of a page called by a message key, or by words made from its loader's data. */
export function titled<L extends (...args: never[]) => unknown = () => unknown>(
  title: PageTitle<Awaited<ReturnType<L>>>,
): PageHandle {
  return { title: title as PageTitle<never> };
}

interface MatchLike {
  handle?: unknown;
  data?: unknown;
}

const hasTitle = (handle: unknown): handle is PageHandle =>
  typeof handle === "object" && handle !== null && "title" in handle;

/** "监管看板 · 地理标志专用标志平台": the page's own name first, then the system's. */
export function pageTitle(matches: readonly MatchLike[], t: Translate, error?: string): string {
  const site = t("app.shortName");
  if (error) return `${error} · ${site}`;
  const match = [...matches].reverse().find((m) => hasTitle(m.handle));
  if (!match) return t("app.name");
  const title = (match.handle as PageHandle).title as PageTitle<unknown>;
  // A page whose loader did not answer (an error below it) still has its key's name, or the site's.
  const page = typeof title === "string" ? t(title) : match.data === undefined ? "" : title(t, match.data);
  return page ? `${page} · ${site}` : t("app.name");
}
