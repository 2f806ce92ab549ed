import type { FormFailure } from "#app/forms/form.ts";
import type { Translate } from "#app/i18n/i18n.ts";
import { useT } from "#app/i18n/use-t.ts";
import { DOCUMENT_FIELDS, documentKindOf } from "#app/authorization/application-form.ts";
import { Message, TextField } from "./form-fields.tsx";
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
          {failure?.notice ? <Message tone="ok" message={failure.notice} /> : null}
          {failure?.kept?.length ? (
            <div className="kept-files">
              <p>{t("draft.kept")}</p>
              <ul>
                {failure.kept.map((file) => (
                  <li key={file.id}>
                    <input type="hidden" name="draft" value={file.id} />
                    {t(`document.kind.${documentKindOf(file.field)}`)}
                    {t("punct.colon")}
                    {file.name}
                    {t("punct.paren", { text: `${Math.ceil(file.size / 1024)} KB` })}{" "}
                    <button
                      type="submit"
                      name="removeDraft"
                      value={file.id}
                      formNoValidate
                      aria-label={t("draft.removeNamed", { name: file.name })}
                    >
                      {t("draft.remove")}
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {DOCUMENT_FIELDS.map((name) => (
            <FileField
              key={name}
              name={name}
              label={t(`document.kind.${name}`)}
              failure={failure}
              multiple={name === "site_photo"}
            />
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

export function applicationLabels(t: Translate): Record<string, string> {
  return {
    ...Object.fromEntries(DOCUMENT_FIELDS.map((name) => [name, t(`document.kind.${name}`)])),
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
