import { CREDIT_LIST_KINDS } from "#db/schema.ts";
/** The three kinds of credit record (shared by the server module and the page's list). */
export const CREDIT_LISTS = CREDIT_LIST_KINDS;
