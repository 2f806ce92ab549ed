import { DomainError } from "#app/errors.ts";
import type { MessageKey, Params } from "#app/i18n/i18n.ts";
import type { AuthorizationAction } from "./lifecycle.ts";

/**
 * The one rule for the date a legal act takes effect (an announcement, an exit: suspension,
 * cancellation, withdrawal, expiry). Decision 016.
 */

/** A regulator's exits carry the date on the decision (an enterprise's withdrawal takes effect when asked). */
export const DATED_ACTIONS: readonly AuthorizationAction[] = ["suspend", "cancel", "expire"];

/** A signed decision may be recorded up to this many days after its date, never earlier. */
export const LEGAL_ACT_DAYS_BACK = 30;
/**
 * Acts change the register the moment they are recorded (status, verdicts at scan time), so a
 * date ahead of today would show "active" before the date the public history gives: none ahead.
 */
export const LEGAL_ACT_DAYS_AHEAD = 0;

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A step the act follows: the act cannot take effect before it (its message names the date as `bound`). */
export type PriorStep = { on: string; key: MessageKey; params?: Params };

/**
 * Refuses an effective date outside its bounds with a message that states the bound it broke:
 * later than today + LEGAL_ACT_DAYS_AHEAD, earlier than today − LEGAL_ACT_DAYS_BACK, or earlier
 * than a step it follows (the latest such step is the one named). Dates are YYYY-MM-DD, Shanghai.
 */
export function checkEffectiveDate(date: string, rule: { today: string; field: string; follows: PriorStep[] }) {
  const latest = addDays(rule.today, LEGAL_ACT_DAYS_AHEAD);
  if (date > latest)
    throw new DomainError("legalAct.tooLate", {
      field: rule.field,
      params: { bound: latest, days: LEGAL_ACT_DAYS_AHEAD },
    });
  const windowStart = addDays(rule.today, -LEGAL_ACT_DAYS_BACK);
  const step = rule.follows.reduce<PriorStep | null>((a, s) => (!a || s.on >= a.on ? s : a), null);
  if (step && step.on > windowStart) {
    if (date < step.on)
      throw new DomainError(step.key, { field: rule.field, params: { ...step.params, bound: step.on } });
  } else if (date < windowStart)
    throw new DomainError("legalAct.tooEarly", {
      field: rule.field,
      params: { bound: windowStart, days: LEGAL_ACT_DAYS_BACK },
    });
}
