/** Why labels are voided (by the enterprise) or spoiled (at the printer, always "misprinted"): one list. */
export const VOID_REASONS = ["damaged", "lost", "misprinted"] as const;
export type VoidReason = (typeof VOID_REASONS)[number];

export const isVoidReason = (value: string | null | undefined): value is VoidReason =>
  (VOID_REASONS as readonly string[]).includes(value ?? "");
