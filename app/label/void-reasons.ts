import type { Translate } from "#app/i18n/i18n.ts";

/** Why labels are voided (by the enterprise) or spoiled (at the printer, always "misprinted"): one list. */
export const VOID_REASONS = ["damaged", "lost", "misprinted"] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

export const isVoidReason = (value: string | null | undefined): value is VoidReason =>
  (VOID_REASONS as readonly string[]).includes(value ?? "");

/**
 * A recorded reason in words (the audit log's reason column): a void reason as the order page says
 * it, anything else (a regulator's typed grounds) as it was typed.
 */
export const reasonInWords = (reason: string | null, t: Translate): string =>
  reason === null ? "" : isVoidReason(reason) ? t(`labels.voidReason.${reason}`) : reason;
