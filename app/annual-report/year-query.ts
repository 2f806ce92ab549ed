import { z } from "zod";
import { shanghaiDate } from "#app/authorization/working-days.ts";

/** `?year=` for yearly pages: a bad or missing value means last year (the latest one complete). */
export const yearQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).catch(() => Number(shanghaiDate().slice(0, 4)) - 1),
});

export function yearFrom(request: Request): number {
  const raw = new URL(request.url).searchParams.get("year");
  return yearQuery.parse({ year: raw ?? undefined }).year;
}
