import { VERDICTS } from "#db/schema.ts";

/** The dashboard's series, shared by the page, its CSV and the server (client-safe). */
export { VERDICTS };
export const LABEL_FLOWS = ["approve", "print", "collect", "void"] as const;
export type LabelFlow = (typeof LABEL_FLOWS)[number];
/** A consumer report still open this many working days after it arrived is overdue. */
export const REPORT_HANDLING_WORKING_DAYS = 15;
