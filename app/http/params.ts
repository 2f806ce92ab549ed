import type { Params } from "@remix-run/react";
import { parseInteger } from "#app/forms/form.ts";
import { isUuid } from "#app/ids.ts";

const notFound = () => new Response("Not Found", { status: 404 });

/**
 * The id in a URL (`$reportId` and the like): a uuid, or the request is a 404 before anything
 * reaches SQL. Every route with an id in its path reads it here.
 */
export function idParam(params: Params, name: string): string {
  const value = params[name];
  if (!isUuid(value)) throw notFound();
  return value;
}

/** The id in a URL, or null when it is not a uuid: for JSON APIs that answer their own 404. */
export function uuidParam(params: Params, name: string): string | null {
  const value = params[name];
  return isUuid(value) ? value : null;
}

/** A whole number in a URL (a photo's position): within [min, max] and PostgreSQL's integer, or a 404. */
export function integerParam(params: Params, name: string, min: number, max: number): number {
  const value = parseInteger(params[name], min, max);
  if (value === null) throw notFound();
  return value;
}
