import { HEADER_WORDS, IMPORT_COLUMNS } from "./columns.ts";

/** The template's header: the first word of each column, in the order the page lists them. */
export const TEMPLATE_HEADER = IMPORT_COLUMNS.map((c) => HEADER_WORDS[c][0]!);
