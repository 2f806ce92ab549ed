/**
 * How many labels one request may touch: the owner of these numbers. Forms, domain functions,
 * messages and docs/operations.md all read them from here. Every limit works up to its value and
 * refuses one past it with a message that states it.
 */
export const LABEL_LIMITS = {
  /** Labels one collection (领用) or voiding by serial range may cover. */
  range: 1_000_000,
  /** Scanned codes one collection may list. */
  codes: 100_000,
  /** Spoiled serials one printing record may list. */
  spoiled: 100_000,
} as const;

/** A scanned line is a code or a verification URL; this bounds the pasted text, not the count. */
export const MAX_SCANNED_LINE_CHARS = 200;
