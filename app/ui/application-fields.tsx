import type { FormFailure } from "#app/forms/form.ts";
import type { Translate } from "#app/i18n/i18n.ts";
import { useT } from "#app/i18n/use-t.ts";
import { TextField } from "./form-fields.tsx";
import { FileField, SelectField } from "./select-field.tsx";

type MarkOption = { id: string; name: string; kind: string; townships: { code: string; name: string }[] };

/** The application's fields; townships are grouped by mark so the form works without JavaScript. */
export function ApplicationFields({
  marks,
  failure,
  defaults = {},
  withDocuments,
  fixedMark,
}: {
  marks: MarkOption[];
  failure?: FormFailure | null;
  defaults?: Record<string, string | null | undefined>;
  withDocuments?: boolean;
  fixedMark?: boolean;
}) {
  const t = useT();
  const d = (k: string) => defaults[k] ?? undefined;
  return (
    <>
      {fixedMark ? null : (
        <>
          <SelectField name="markId" label={t("apply.mark")} failure={failure} defaultValue={d("markId")} required>
            <option value="">—</option>
            {marks.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
                {t("punct.paren", { text: t(`mark.kind.${m.kind as "gi_product"}`) })}
              </option>
            ))}
          </SelectField>
          <SelectField name="route" label={t("apply.route")} failure={failure} defaultValue={d("route")} required>
            <option value="">—</option>
            <option value="gi_product">{t("route.gi_product")}</option>
            <option value="collective_member">{t("route.collective_member")}</option>
            <option value="certification_licensee">{t("route.certification_licensee")}</option>
          </SelectField>
        </>
      )}
      <SelectField
        name="townshipCode"
        label={t("apply.township")}
        failure={failure}
        defaultValue={d("townshipCode")}
        required
      >
        <option value="">—</option>
        {marks.map((m) => (
          <optgroup key={m.id} label={m.name}>
            {m.townships.map((tw) => (
              <option key={`${m.id}-${tw.code}`} value={tw.code}>
                {tw.name}
              </option>
            ))}
          </optgroup>
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
      <TextField
        name="licenceFilingNo"
        label={t("apply.licenceFilingNo")}
        hint={t("apply.licenceHint")}
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
