import { useRouteLoaderData } from "@remix-run/react";
import { translator, DEFAULT_LANG, type Lang, type Translate } from "./i18n.ts";

export function useLang(): Lang {
  const data = useRouteLoaderData<{ lang?: Lang }>("root");
  return data?.lang ?? DEFAULT_LANG;
}

export function useT(): Translate {
  return translator(useLang());
}
