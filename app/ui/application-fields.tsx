import type { AuthorizationRoute, MarkKind } from "#db/schema.ts";
import type { FormFailure } from "#app/forms/form.ts";
import type { Translate } from "#app/i18n/i18n.ts";
import { useT } from "#app/i18n/use-t.ts";
import { TextField } from "./form-fields.tsx";
import { FileField, SelectField } from "./select-field.tsx";

/** The chosen mark as the form offers it: its protection area's townships and the routes that fit its kind. */
export type MarkChoice = {
  id: string;
  name: string;
  kind: MarkKind;
  townships: { code: string; name: string }[];
  routes: AuthorizationRoute[];
  /** Whether the licence fields belong on the form (needsLicence). */
  licence: boolean;
};

/**
 * The application's fields for one chosen mark (the mark is chosen first, so this works without
 * JavaScript): only its townships, only the routes that fit it, the licence fields only on a
 * licence route. `chooseRoute` off: the route is already fixed (a resubmission).
 */
export function ApplicationFields({
  mark,
  failure,
  defaults = {},
  withDocuments,
  chooseRoute,
}: {
  mark: MarkChoice;
  failure?: FormFailure | null;
  defaults?: Record<string, string | null | undefined>;
  withDocuments?: boolean;
  chooseRoute?: boolean;
}) {
  const t = useT();
  const d = (k: string) => defaults[k] ?? undefined;
  const onlyRoute = mark.routes.length === 1 ? mark.routes[0] : undefined;
  return (
    <>
      {chooseRoute ? (
        <>
          <input type="hidden" name="markId" value={mark.id} />
          <SelectField
            name="route"
            label={t("apply.route")}
            failure={failure}
            defaultValue={d("route") ?? onlyRoute}
            required
          >
            {onlyRoute ? null : <option value="">—</option>}
            {mark.routes.map((r) => (
              <option key={r} value={r}>
                {t(`route.${r}`)}
              </option>
            ))}
          </SelectField>
        </>
      ) : null}
      <SelectField
        name="townshipCode"
        label={t("apply.township")}
        hint={t("apply.townshipHint", { mark: mark.name })}
        failure={failure}
        defaultValue={d("townshipCode")}
        required
      >
        <option value="">—</option>
        {mark.townships.map((tw) => (
          <option key={tw.code} value={tw.code}>
            {tw.name}
          </option>
        ))}
      </SelectField>
      <TextField
        name="products"
        label={t("apply.products")}
        required
        failure={failure}
        defaultValue={d("products")}
        maxLength={200}
      />
      <TextField
        name="annualOutput"
        label={t("apply.annualOutput")}
        required
        failure={failure}
        defaultValue={d("annualOutput")}
        maxLength={100}
      />
      <TextField
        name="labelManagerName"
        label={t("apply.labelManagerName")}
        required
        failure={failure}
        defaultValue={d("labelManagerName")}
        maxLength={50}
      />
      <TextField
        name="labelManagerPhone"
        label={t("apply.labelManagerPhone")}
        type="tel"
        required
        failure={failure}
        defaultValue={d("labelManagerPhone")}
        maxLength={20}
      />
      {mark.licence ? (
        <>
          <TextField
            name="licenceFilingNo"
            label={t("apply.licenceFilingNo")}
            failure={failure}
            defaultValue={d("licenceFilingNo")}
            maxLength={64}
          />
          <TextField
            name="licenceFilingDate"
            label={t("apply.licenceFilingDate")}
            type="date"
            failure={failure}
            defaultValue={d("licenceFilingDate")}
          />
          <TextField
            name="licenceStart"
            label={t("apply.licenceStart")}
            type="date"
            failure={failure}
            defaultValue={d("licenceStart")}
          />
          <TextField
            name="licenceEnd"
            label={t("apply.licenceEnd")}
            type="date"
            failure={failure}
            defaultValue={d("licenceEnd")}
          />
        </>
      ) : null}
      {withDocuments ? (
        <fieldset className="stack">
          <legend>{t("apply.documents")}</legend>
          {failure?.fieldErrors.documents ? (
            <p className="error" role="alert">
              {t(failure.fieldErrors.documents.key, failure.fieldErrors.documents.params)}
            </p>
          ) : null}
          <FileField name="business_licence" label={t("document.kind.business_licence")} />
          <FileField name="inspection_report" label={t("document.kind.inspection_report")} />
          <FileField name="licence_contract" label={t("document.kind.licence_contract")} />
          <FileField name="site_photo" label={t("document.kind.site_photo")} multiple />
        </fieldset>
      ) : null}
    </>
  );
}

export function applicationLabels(t: Translate): Record<string, string> {
  return {
    markId: t("apply.mark"),
    route: t("apply.route"),
    townshipCode: t("apply.township"),
    products: t("apply.products"),
    annualOutput: t("apply.annualOutput"),
    labelManagerName: t("apply.labelManagerName"),
    labelManagerPhone: t("apply.labelManagerPhone"),
    licenceFilingNo: t("apply.licenceFilingNo"),
    licenceFilingDate: t("apply.licenceFilingDate"),
    licenceStart: t("apply.licenceStart"),
    licenceEnd: t("apply.licenceEnd"),
    documents: t("apply.documents"),
  };
}
