import { en } from "./en.ts";
import { zhCN, type MessageKey } from "./zh-CN.ts";
import { formatDate } from "#app/i18n/format.ts";

export type Lang = "zh-CN" | "en";
export type { MessageKey };
export const LANGS: readonly Lang[] = ["zh-CN", "en"];
export const DEFAULT_LANG: Lang = "zh-CN";
export const LANG_COOKIE = "lang";

const catalogs: Record<Lang, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key);
}

/**
 * `{name}` is the param as given; `{name:date}` is a YYYY-MM-DD param shown by the one date
 * formatter; `{name:status}` is an authorization status shown in words (a domain error carries
 * the status code, the reader sees its name).
 */
export function translator(lang: Lang): Translate {
  const catalog = catalogs[lang];
  return (key, params) => {
    const template = catalog[key] ?? zhCN[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)(?::(date|status))?\}/g, (m, name: string, as?: "date" | "status") => {
      if (!(name in params)) return m;
      const value = String(params[name]);
      if (as === "date") return formatDate(value, lang);
      if (as === "status") {
        const key = `status.${value}`;
        return isMessageKey(key) ? (catalog[key] ?? zhCN[key]) : value;
      }
      return value;
    });
  };
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
