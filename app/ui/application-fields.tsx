import type { AuthorizationRoute, MarkKind } from "#db/schema.ts";
import type { FormFailure } from "#app/forms/form.ts";
import type { Translate } from "#app/i18n/i18n.ts";
import { useT } from "#app/i18n/use-t.ts";
import { DOCUMENT_FIELDS, documentKindOf } from "#app/authorization/application-form.ts";
import { Message, TextField } from "./form-fields.tsx";
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
