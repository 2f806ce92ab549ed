import { Form } from "@remix-run/react";
import type { FormFailure } from "#app/forms/form.ts";
import { TRANSITIONS, type AuthorizationAction } from "#app/authorization/lifecycle.ts";
import { DATED_ACTIONS, LEGAL_ACT_DAYS_BACK } from "#app/authorization/effective-date.ts";
import { useT } from "#app/i18n/use-t.ts";
import { TextField } from "./form-fields.tsx";
import { FileField } from "./select-field.tsx";

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
          <section className="card" key={action} aria-label={label}>
            <Form
              method="post"
              className="stack"
              encType={needs.includes("document") ? "multipart/form-data" : undefined}
              noValidate
            >
              <input type="hidden" name="intent" value={action} />
              <input type="hidden" name="version" value={version} />
              {needs.includes("exitReason") ? (
                <div className="field">
                  <label htmlFor={`exit-${action}`}>{t("authz.exitReason")}</label>
                  <select id={`exit-${action}`} name="exitReason" defaultValue={mine?.values.exitReason ?? ""}>
                    <option value="">—</option>
                    {EXIT_REASONS.map((r) => (
                      <option key={r} value={r}>
                        {t(`exit.${r}`)}
                      </option>
                    ))}
                  </select>
                </div>
              ) : null}
              {needs.includes("deadline") ? (
                <TextField idPrefix={action} name="deadline" label={t("authz.deadline")} type="date" failure={mine} />
              ) : null}
              {DATED_ACTIONS.includes(action) ? (
                <TextField
                  idPrefix={action}
                  name="effectiveOn"
                  label={t("legalAct.effectiveOn")}
                  hint={t("legalAct.effectiveOnHint", { days: LEGAL_ACT_DAYS_BACK })}
                  type="date"
                  failure={mine}
                />
              ) : null}
              {needs.includes("document") ? (
                <FileField name="document" label={t("authz.siteCheck")} failure={mine} />
              ) : null}
              <TextField
                idPrefix={action}
                name="comment"
                label={t("authz.comment")}
                required={needs.includes("comment")}
                failure={mine}
                maxLength={2000}
              />
              {["cancel", "suspend", "order_rectification", "expire", "restore"].includes(action) ? (
                <TextField
                  idPrefix={action}
                  name="documentRef"
                  label={t("authz.documentRef")}
                  failure={mine}
                  maxLength={100}
                />
              ) : null}
              <div>
                <button className="primary" type="submit">
                  {label}
                </button>
              </div>
            </Form>
          </section>
        );
      })}
    </div>
  );
}
