import { z } from "zod";
import { shanghaiDate } from "#app/calendar/working-days.ts";

/** The current year in Asia/Shanghai. */
export const thisYear = () => Number(shanghaiDate().slice(0, 4));

/**
 * `?year=` for yearly pages. A bad or missing value means `fallback`: by default last year (the
 * latest one complete, as reports and supervision data want).
 */
export function yearFrom(request: Request, fallback: () => number = () => thisYear() - 1): number {
  const raw = new URL(request.url).searchParams.get("year");
  return z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .catch(fallback)
    .parse(raw ?? undefined);
}
