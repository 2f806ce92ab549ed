import { Form } from "@remix-run/react";
import { FLAGGED_LISTING_FINDINGS, TAKEDOWN_LEGAL_BASES } from "#db/schema.ts";
import type { FormFailure } from "#app/forms/form.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { TextAreaField } from "./form-fields.tsx";
import { SelectField } from "./select-field.tsx";

type Listing = {
  platform: string;
  shop_name: string;
  seller_uscc: string | null;
  listing_url: string;
  filed_by_client: boolean;
  client_name: string | null;
  filed_by_name: string | null;
  register_finding: string;
  register_status: string | null;
  register_until: string | null;
};

/** A listing case's facts and the register's answer at filing, flagged when the seller may not use the mark. */
export function ListingFacts({ listing }: { listing: Listing }) {
  const t = useT();
  const flagged = (FLAGGED_LISTING_FINDINGS as readonly string[]).includes(listing.register_finding);
  return (
    <>
      <h2>{t("listing.facts")}</h2>
      {flagged ? (
        <p role="alert" className="message error">
          <strong>{t("listing.flagged", { finding: listing.register_finding })}</strong>
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("listing.platform")}</dt>
        <dd>{listing.platform}</dd>
        <dt>{t("listing.shopName")}</dt>
        <dd>{listing.shop_name}</dd>
        <dt>{t("listing.sellerUscc")}</dt>
        <dd className="code">{listing.seller_uscc ?? t("report.none")}</dd>
        <dt>{t("listing.listingUrl")}</dt>
        <dd>
          <a href={listing.listing_url} rel="noreferrer nofollow" target="_blank">
            {listing.listing_url}
          </a>
        </dd>
        <dt>{t("listing.filedBy")}</dt>
        <dd>
          {listing.filed_by_client
            ? t("listing.filedByClient", { name: listing.client_name ?? listing.platform })
            : (listing.filed_by_name ?? "—")}
        </dd>
        <dt>{t("listing.registerCheck")}</dt>
        <dd>
          {t(`listing.finding.${listing.register_finding as "authorized"}`)}
          {listing.register_status ? (
            <div>{t("listing.registerStatus", { status: listing.register_status })}</div>
          ) : null}
          {listing.register_until && listing.register_finding !== "authorized" ? (
            <div>{t("listing.registerUntil", { on: listing.register_until })}</div>
          ) : null}
        </dd>
      </dl>
    </>
  );
}

type Takedown = {
  id: string;
  legal_basis: string;
  evidence: string;
  status: string;
  answer_note: string | null;
  requested_at: string | Date;
  answered_at: string | Date | null;
  platform: string;
  requested_by_name: string;
};

/** The exchange with the platform, and the form that starts the confirm step of a new request. */
export function TakedownPanel({
  takedowns,
  pending,
  canSend,
  platformName,
  failure,
}: {
  takedowns: Takedown[];
  /** The request still waiting for this platform's answer: no second one until it is answered. */
  pending: Takedown | null;
  canSend: boolean;
  platformName: string | null;
  failure: FormFailure | null;
}) {
  const t = useT();
  const lang = useLang();
  return (
    <section aria-labelledby="takedowns">
      <h2 id="takedowns">{t("takedown.title")}</h2>
      {takedowns.length === 0 ? <p className="muted">{t("takedown.none")}</p> : null}
      {takedowns.map((r) => (
        <dl className="facts card" key={r.id}>
          <dt>{t("takedown.platform")}</dt>
          <dd>{r.platform}</dd>
          <dt>{t("takedown.requestedAt")}</dt>
          <dd>
            {formatDateTime(r.requested_at, lang)} · {r.requested_by_name}
          </dd>
          <dt>{t("takedown.legalBasis")}</dt>
          <dd>{t(`takedown.basis.${r.legal_basis as "trademark_law_art57"}`)}</dd>
          <dt>{t("takedown.evidence")}</dt>
          <dd className="prewrap">{r.evidence}</dd>
          <dt>{t("report.filterStatus")}</dt>
          <dd>
            <strong>{t(`takedown.status.${r.status as "pending"}`)}</strong>
            {r.answered_at ? ` · ${formatDateTime(r.answered_at, lang)}` : ""}
          </dd>
          {r.answer_note ? (
            <>
              <dt>{t("takedown.answerNote")}</dt>
              <dd className="prewrap">{r.answer_note}</dd>
            </>
          ) : null}
        </dl>
      ))}
      {canSend && pending ? (
        <p role="status">
          {t("takedown.pendingNotice", {
            platform: pending.platform,
            at: formatDateTime(pending.requested_at, lang),
            by: pending.requested_by_name,
          })}
        </p>
      ) : canSend && platformName ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="takedown" />
          <p>
            {t("takedown.platform")}
            {t("punct.colon")}
            {platformName}
          </p>
          <SelectField name="legalBasis" label={t("takedown.legalBasis")} failure={failure} required>
            <option value="">{t("takedown.chooseBasis")}</option>
            {TAKEDOWN_LEGAL_BASES.map((b) => (
              <option key={b} value={b}>
                {t(`takedown.basis.${b}`)}
              </option>
            ))}
          </SelectField>
          <TextAreaField name="evidence" label={t("takedown.evidence")} required failure={failure} maxLength={4000} />
          <div>
            <button type="submit" className="primary">
              {t("takedown.send")}
            </button>
          </div>
        </Form>
      ) : canSend ? (
        <p className="muted">{t("takedown.noPlatformHint")}</p>
      ) : null}
    </section>
  );
}
