import type { FieldMessage, FormFailure } from "./form.ts";

/**
 * The one confirmation step of a legal act (注销, 暂停, 驳回, 撤回/退出, voiding labels, a 公告):
 * the first submit only shows what would change; the act happens when the form comes back with
 * CONFIRMED_FIELD. Server-rendered, so it works without JavaScript. Decision 040.
 */
export const CONFIRMED_FIELD = "confirmed";
export const CONFIRMED_VALUE = "yes";

/** One record the act changes: whose, which mark, and what becomes of it. */
export type ConfirmationRow = { enterprise: string; mark: string; change: FieldMessage[] };

/** What the domain says an act would do, in words for the person about to do it. */
export type ActSummary = {
  /** The act's name (the same words as its button). */
  act: FieldMessage;
  rows: ConfirmationRow[];
  /** YYYY-MM-DD, Shanghai. */
  effectiveOn: string;
  /** What the public (register, scan page, announcements) will see once it is done. */
  publicEffect: FieldMessage;
  /** A number the act carries (an announcement's), with its label. */
  reference?: { label: FieldMessage; value: string } | undefined;
};

/** The summary plus the form as it was sent, which the confirm button sends again. */
export type Confirmation = ActSummary & { confirm: true; fields: [string, string][] };

export function isConfirmed(formData: FormData): boolean {
  return formData.get(CONFIRMED_FIELD) === CONFIRMED_VALUE;
}

/** The text fields as sent (repeated names kept in order), without the confirmation itself. */
export function resentFields(formData: FormData): [string, string][] {
  const fields: [string, string][] = [];
  for (const [name, value] of formData)
    if (typeof value === "string" && name !== CONFIRMED_FIELD && !name.startsWith("_"))
      fields.push([name, value.slice(0, 2000)]);
  return fields;
}

/** An action answers with a failure (400/403/409…) or a confirmation to show; tells them apart. */
export function splitActionData<T extends FormFailure | Confirmation>(result: T | undefined) {
  return {
    failure: result && "ok" in result ? (result as FormFailure) : null,
    confirmation: result && "confirm" in result ? (result as Confirmation) : null,
  };
}
