import { useRootData } from "#app/root-data.ts";
import { translator, DEFAULT_LANG, type Lang, type Translate } from "./i18n.ts";

export function useLang(): Lang {
  const data = useRootData<{ lang?: Lang }>();
  return data?.lang ?? DEFAULT_LANG;
}

export function useT(): Translate {
  return translator(useLang());
}
