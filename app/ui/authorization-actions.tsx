import type { FormFailure } from "#app/forms/form.ts";
import { TRANSITIONS, type AuthorizationAction } from "#app/authorization/lifecycle.ts";
import { DATED_ACTIONS, LEGAL_ACT_DAYS_BACK } from "#app/authorization/effective-date.ts";
import { useT } from "#app/i18n/use-t.ts";
import { TextField } from "./form-fields.tsx";
import { FileField } from "./select-field.tsx";
import { ActionCard } from "./action-card.tsx";

const EXIT_REASONS = [
  "non_conforming",
  "unused_24_months",
  "licence_expired",
  "deregistered",
  "voluntary",
  "violation",
  "failed_inspection",
] as const;

/** One small form per action the signed-in person may take now, each carrying the version it saw. */
export function AuthorizationActions({
  actions,
  version,
  failure,
}: {
  actions: AuthorizationAction[];
  version: number;
  failure?: FormFailure | null;
}) {
  const t = useT();
  const failed = failure?.values.intent;
  return (
    <div className="cards">
      {actions.map((action) => {
        const needs = TRANSITIONS[action].needs ?? [];
        const mine = failed === action ? failure : null;
        const label = t(`action.${action}`);
        return (
          <ActionCard
            key={action}
            title={label}
            heading="none"
            hidden={{ intent: action, version }}
            multipart={needs.includes("document")}
            idPrefix={action}
            failure={mine}
          >
            {needs.includes("exitReason") ? (
              <div className="field">
                <label htmlFor={`${action}-exitReason`}>{t("authz.exitReason")}</label>
                <select id={`${action}-exitReason`} name="exitReason" defaultValue={mine?.values.exitReason ?? ""}>
                  <option value="">—</option>
                  {EXIT_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`exit.${r}`)}
                    </option>
                  ))}
                </select>
              </div>
            ) : null}
            {needs.includes("deadline") ? <TextField name="deadline" label={t("authz.deadline")} type="date" /> : null}
            {DATED_ACTIONS.includes(action) ? (
              <TextField
                name="effectiveOn"
                label={t("legalAct.effectiveOn")}
                hint={t("legalAct.effectiveOnHint", { days: LEGAL_ACT_DAYS_BACK })}
                type="date"
              />
            ) : null}
            {/* The page's error summary links each field as <action>-<field> (authorizations.$authorizationId). */}
            {needs.includes("document") ? <FileField name="document" label={t("authz.siteCheck")} /> : null}
            <TextField
              name="comment"
              label={t("authz.comment")}
              required={needs.includes("comment")}
              maxLength={2000}
            />
            {["cancel", "suspend", "order_rectification", "expire", "restore"].includes(action) ? (
              <TextField name="documentRef" label={t("authz.documentRef")} maxLength={100} />
            ) : null}
          </ActionCard>
        );
      })}
    </div>
  );
}
