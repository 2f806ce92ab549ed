import type { FormFailure } from "#app/forms/form.ts";
import { useT } from "#app/i18n/use-t.ts";
import type { Translate } from "#app/i18n/i18n.ts";
import { CheckboxField, TextField } from "./form-fields.tsx";
import { SelectField } from "./select-field.tsx";

export type MarkDefaults = Partial<Record<string, string | number | boolean | Date | null>>;

export function markLabels(t: Translate): Record<string, string> {
  return {
    slug: t("mark.slug"),
    name: t("mark.name"),
    kind: t("mark.kind"),
    divisionCode: t("mark.divisionCode"),
    legalBasis: t("mark.legalBasis"),
    standardCode: t("mark.standardCode"),
    registrant: t("mark.registrant"),
    trademarkValidUntil: t("mark.trademarkValidUntil"),
    approvingLevel: t("mark.approvingLevel"),
    reviewWorkingDays: t("mark.reviewWorkingDays"),
    qualityRequirements: t("mark.qualityRequirements"),
    targetUsers: t("mark.targetUsers"),
    targetYear: t("mark.targetYear"),
    scanWarnThreshold: t("mark.scanWarnThreshold"),
    annualLabelQuota: t("mark.annualLabelQuota"),
    supervisingAuthority: t("mark.supervisingAuthority"),
    hotline: t("mark.hotline"),
    digitalLinkGtin: t("mark.digitalLinkGtin"),
  };
}

/** All of a mark's settings, including its label policy and designated printers. */
export function MarkFields({
  failure,
  d,
  printers,
  printerIds,
  fixedSlug,
  legalFrameFixed,
}: {
  failure?: FormFailure | null;
  d: MarkDefaults;
  printers: { id: string; name: string }[];
  printerIds: string[];
  fixedSlug?: boolean;
  /** The kind and approving level are shown, not offered: only an administrator or the province sets them. */
  legalFrameFixed?: boolean;
}) {
  const t = useT();
  const l = markLabels(t);
  const s = (k: string) => (d[k] === null || d[k] === undefined ? undefined : String(d[k]));
  return (
    <>
      {fixedSlug ? (
        <input type="hidden" name="slug" value={s("slug")} />
      ) : (
        <TextField name="slug" label={l.slug!} required failure={failure} defaultValue={s("slug")} maxLength={64} />
      )}
      <TextField name="name" label={l.name!} required failure={failure} defaultValue={s("name")} maxLength={100} />
      {legalFrameFixed ? (
        <FixedSetting name="kind" label={l.kind!} value={s("kind")} shown={t(`mark.kind.${d.kind as "gi_product"}`)} />
      ) : (
        <SelectField name="kind" label={l.kind!} failure={failure} defaultValue={s("kind")} required>
          <option value="">—</option>
          {(["gi_product", "collective_mark", "certification_mark", "regional_brand"] as const).map((k) => (
            <option key={k} value={k}>
              {t(`mark.kind.${k}`)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        name="divisionCode"
        label={l.divisionCode!}
        hint={t("admin.divisionCodeHint")}
        required
        failure={failure}
        defaultValue={s("division_code") ?? s("divisionCode")}
        inputMode="numeric"
        maxLength={12}
      />
      <TextField
        name="legalBasis"
        label={l.legalBasis!}
        failure={failure}
        defaultValue={s("legal_basis")}
        maxLength={200}
      />
      <TextField
        name="standardCode"
        label={l.standardCode!}
        failure={failure}
        defaultValue={s("standard_code")}
        maxLength={100}
      />
      <TextField
        name="registrant"
        label={l.registrant!}
        failure={failure}
        defaultValue={s("registrant")}
        maxLength={200}
      />
      <TextField
        name="trademarkValidUntil"
        label={l.trademarkValidUntil!}
        type="date"
        failure={failure}
        defaultValue={s("trademark_valid_until")}
      />
      {legalFrameFixed ? (
        <FixedSetting
          name="approvingLevel"
          label={l.approvingLevel!}
          value={s("approving_level")}
          shown={t(`mark.approvingLevel.${d.approving_level === "province" ? "province" : "county"}`)}
        />
      ) : (
        <SelectField
          name="approvingLevel"
          label={l.approvingLevel!}
          failure={failure}
          defaultValue={s("approving_level") ?? "county"}
          required
        >
          <option value="county">{t("mark.approvingLevel.county")}</option>
          <option value="province">{t("mark.approvingLevel.province")}</option>
        </SelectField>
      )}
      <TextField
        name="reviewWorkingDays"
        label={l.reviewWorkingDays!}
        type="number"
        failure={failure}
        defaultValue={s("review_working_days") ?? "10"}
      />
      <TextField
        name="qualityRequirements"
        label={l.qualityRequirements!}
        failure={failure}
        defaultValue={s("quality_requirements")}
        maxLength={5000}
      />
      <TextField
        name="targetUsers"
        label={l.targetUsers!}
        type="number"
        failure={failure}
        defaultValue={s("target_users")}
      />
      <TextField
        name="targetYear"
        label={l.targetYear!}
        type="number"
        failure={failure}
        defaultValue={s("target_year")}
      />
      <TextField
        name="scanWarnThreshold"
        label={l.scanWarnThreshold!}
        type="number"
        failure={failure}
        defaultValue={s("scan_warn_threshold") ?? "5"}
      />
      <TextField
        name="supervisingAuthority"
        label={l.supervisingAuthority!}
        hint={t("mark.supervisingAuthorityHint")}
        failure={failure}
        defaultValue={s("supervising_authority") ?? s("supervisingAuthority")}
        maxLength={200}
      />
      <TextField
        name="hotline"
        label={l.hotline!}
        hint={t("mark.hotlineHint")}
        type="tel"
        failure={failure}
        defaultValue={s("hotline")}
        maxLength={40}
      />
      <TextField
        name="digitalLinkGtin"
        label={l.digitalLinkGtin!}
        hint={t("mark.digitalLinkGtinHint")}
        inputMode="numeric"
        failure={failure}
        defaultValue={s("digital_link_gtin") ?? s("digitalLinkGtin")}
        maxLength={20}
      />
      <CheckboxField
        name="printOrdersNeedApproval"
        label={t("mark.printOrdersNeedApproval")}
        failure={failure}
        defaultChecked={d.print_orders_need_approval !== false}
      />
      <TextField
        name="annualLabelQuota"
        label={l.annualLabelQuota!}
        type="number"
        failure={failure}
        defaultValue={s("annual_label_quota")}
      />
      <CheckboxField
        name="allowSelfPrint"
        label={t("mark.allowSelfPrint")}
        failure={failure}
        defaultChecked={d.allow_self_print === true}
      />
      <fieldset>
        <legend>{t("mark.printers")}</legend>
        {printers.map((p) => (
          <div className="check" key={p.id}>
            <input
              type="checkbox"
              id={`printer-${p.id}`}
              name="printerIds"
              value={p.id}
              defaultChecked={printerIds.includes(p.id)}
            />
            <label htmlFor={`printer-${p.id}`}>{p.name}</label>
          </div>
        ))}
      </fieldset>
    </>
  );
}

/** A setting shown as text and sent unchanged: the reader sees it, cannot change it here, and is told who can. */
function FixedSetting({ name, label, value, shown }: { name: string; label: string; value?: string; shown: string }) {
  const t = useT();
  return (
    <div className="field">
      <span className="label">{label}</span>
      <p>
        <strong>{shown}</strong> <span className="muted">{t("mark.legalFrameFixed")}</span>
      </p>
      <input type="hidden" name={name} value={value ?? ""} />
    </div>
  );
}
