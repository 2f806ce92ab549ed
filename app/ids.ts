/**
 * The one check that a string from a URL or a form is a uuid before it reaches SQL: PostgreSQL
 * refuses anything else with an error, which would be a 500 for what is only a bad address.
 */
export function isUuid(id: unknown): id is string {
  return typeof id === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
}
