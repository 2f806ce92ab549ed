import type { MessageKey } from "./zh-CN.ts";
import { catalogOf } from "./catalogs.ts";
import { formatDate, formatNumber } from "#app/i18n/format.ts";

export type Lang = "zh-CN" | "en";
export type { MessageKey };
export const LANGS: readonly Lang[] = ["zh-CN", "en"];
export const DEFAULT_LANG: Lang = "zh-CN";
export const LANG_COOKIE = "lang";

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(catalogOf(DEFAULT_LANG), key);
}

/**
 * `{name}` is the param as given; `{name:date}` is a YYYY-MM-DD param shown by the one date
 * formatter; `{name:number}` is a count shown with its digits grouped (1,000,000) by the one number
 * formatter; `{name:prefix}` is an enumerated value shown by its words, the message `prefix.value`
 * (`{status:status}` → 已注销), so no raw identifier reaches a person through a message's params;
 * `{name|one|other}` is the word that agrees with the number `name` in the language's plural rules
 * (Intl.PluralRules): "{minutes} {minutes|minute|minutes}" reads "1 minute", "5 minutes". Chinese
 * has no plural forms and never needs the third kind.
 */
/**
 * One translator per language and catalog, made once: Intl.PluralRules costs tens of microseconds
 * to construct, and a translator per request cost the scan page a tenth of its rate. Keyed by the
 * catalog too, so the browser's (set by its script before the app starts) is never cached empty.
 */
const translators = new Map<Lang, { catalog: Readonly<Record<string, string>>; t: Translate }>();

export function translator(lang: Lang): Translate {
  const catalog = catalogOf(lang);
  const made = translators.get(lang);
  if (made && made.catalog === catalog) return made.t;
  const t = makeTranslator(lang);
  translators.set(lang, { catalog, t });
  return t;
}

function makeTranslator(lang: Lang): Translate {
  const catalog = catalogOf(lang);
  const fallback = catalogOf(DEFAULT_LANG);
  const plural = new Intl.PluralRules(lang);
  const t: Translate = (key, params) => {
    const template = catalog[key] ?? fallback[key] ?? key;
    if (!params) return template;
    return template.replace(
      /\{(\w+)(?::([\w.]+)|\|([^|{}]*)\|([^|{}]*))?\}/g,
      (m, name: string, format?: string, one?: string, other?: string) => {
        if (!(name in params)) return m;
        const value = String(params[name]);
        if (one !== undefined) return plural.select(Number(value)) === "one" ? one : (other ?? one);
        if (format === "date") return formatDate(value, lang);
        if (format === "number") return formatNumber(value, lang);
        const words = format ? `${format}.${value}` : "";
        return words && isMessageKey(words) ? t(words) : value;
      },
    );
  };
  return t;
}

/** A column of moments: its header names the zone the cells are written in (Beijing time). */
export function atBeijingTime(t: Translate, column: MessageKey): string {
  return t("column.beijingTime", { column: t(column) });
}

/** Reads the persisted choice from the Cookie header; Chinese unless English was chosen. */
export function langFromCookieHeader(header: string | null): Lang {
  const match = header?.match(/(?:^|;\s*)lang=([^;]+)/);
  return match?.[1] === "en" ? "en" : DEFAULT_LANG;
}
