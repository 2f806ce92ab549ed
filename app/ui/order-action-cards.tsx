import { useLang, useT } from "#app/i18n/use-t.ts";
import { formatNumber } from "#app/i18n/format.ts";
import type { FormFailure } from "#app/forms/form.ts";
import type { OrderIntent } from "#app/label/order-rules.ts";
import { VOID_REASONS } from "#app/label/void-reasons.ts";
import { ActionCard } from "./action-card.tsx";
import { XlsxLink } from "./csv-link.tsx";
import { CheckboxField, ErrorSummary, TextField } from "./form-fields.tsx";
import { FileField, SelectField } from "./select-field.tsx";

/**
 * What a person may do to a label order, one card per act (approve, reject, print, receive, record
 * a batch, collect, collect by scanned codes, void), and the codes' downloads for whoever receives
 * them. `offers` says which acts this person has now (order-rules.ts, asked by the loader); each
 * card posts its intent and the version seen, and its fields take the intent as their id prefix,
 * so the error summary's links reach the failed card's fields.
 */
export function OrderActionCards({
  order,
  offers,
  failure,
  batches,
  codes,
  sheet,
  serial,
  firstCollectable,
  collectRound,
}: {
  order: { id: string; version: number; quantity_requested: number; printed_count: number | null };
  offers: (intent: OrderIntent) => boolean;
  failure: FormFailure | null;
  batches: { id: string; batch_no: string; product: string; quantity: number }[];
  /** The codes' downloads (CSV, sheet, PDF) are this person's to receive. */
  codes: boolean;
  /** The printable sheet can lay the order out (small enough). */
  sheet: boolean;
  serial: (n: number | null) => string;
  firstCollectable: number | null;
  /** Remounts the collect form once per collection answer (see the page). */
  collectRound: number;
}) {
  const t = useT();
  const lang = useLang();
  const f = (intent: string) => (failure?.values.intent === intent ? failure : null);
  const card = (intent: OrderIntent) => ({
    hidden: { intent, version: order.version },
    idPrefix: intent,
    failure: f(intent),
  });
  // Keyed by the newest batch: a batch just created becomes the choice (an unkeyed select keeps the old one).
  const batchChoice = batches.length ? (
    <SelectField key={batches[0]!.id} name="batchId" label={t("labels.batch")} required>
      {batches.map((b) => (
        <option key={b.id} value={b.id}>
          {b.batch_no} · {b.product} · {formatNumber(b.quantity, lang)}
        </option>
      ))}
    </SelectField>
  ) : null;
  return (
    <>
      {failure ? (
        <ErrorSummary
          failure={failure}
          // Each action's fields carry its intent as their id prefix, so the links reach them.
          idPrefix={failure.values.intent}
          labels={{
            // Two forms send a quantity: the approval's and the batch's.
            quantity: failure.values.intent === "batch" ? t("labels.batchQuantity") : t("labels.approvedQty"),
            reason: t("labels.reason"),
            printed: t("labels.printedCount"),
            spoiledSerials: t("labels.spoiledSerials"),
            received: t("labels.receivedCount"),
            from: t("labels.from"),
            to: t("labels.to"),
            codes: t("labels.scannedCodes"),
            batchId: t("labels.batch"),
            product: t("labels.product"),
            batchNo: t("labels.batchNo"),
            productionDate: t("labels.productionDate"),
            gtin: t("gtin.label"),
            specification: t("labels.specification"),
            inspectionReport: t("labels.inspectionReport"),
          }}
        />
      ) : null}

      <div className="cards">
        {offers("approve") ? (
          <ActionCard {...card("approve")} title={t("labels.approve")}>
            <TextField
              name="quantity"
              label={t("labels.approvedQty")}
              type="number"
              required
              defaultValue={String(order.quantity_requested)}
            />
            <TextField name="reason" label={t("labels.reason")} maxLength={500} />
          </ActionCard>
        ) : null}
        {offers("reject") ? (
          <ActionCard {...card("reject")} title={t("labels.reject")}>
            <TextField name="reason" label={t("labels.reason")} required maxLength={500} />
          </ActionCard>
        ) : null}
        {codes ? (
          <section className="card">
            <h3>{t("labels.codesTitle")}</h3>
            <p>
              <a href={`/label-orders/${order.id}/codes.csv`}>{t("labels.csv")}</a> ·{" "}
              <XlsxLink csvHref={`/label-orders/${order.id}/codes.csv`} />
            </p>
            {sheet ? (
              <>
                <p>
                  <a href={`/label-orders/${order.id}/sheet`}>{t("labels.sheet")}</a>
                </p>
                <p>
                  <a href={`/label-orders/${order.id}/sheet.pdf`}>{t("labels.pdf")}</a>
                </p>
              </>
            ) : (
              <p className="muted">{t("labels.sheetTooLarge")}</p>
            )}
          </section>
        ) : null}
        {offers("print") ? (
          <ActionCard {...card("print")} title={t("labels.recordPrinting")}>
            <TextField name="printed" label={t("labels.printedCount")} type="number" required />
            <TextField name="spoiledSerials" label={t("labels.spoiledSerials")} maxLength={2000} />
          </ActionCard>
        ) : null}
        {offers("receive") ? (
          <ActionCard {...card("receive")} title={t("labels.confirmReceipt")}>
            <TextField
              name="received"
              label={t("labels.receivedCount")}
              type="number"
              required
              defaultValue={String(order.printed_count ?? "")}
            />
          </ActionCard>
        ) : null}
        {offers("batch") ? (
          <ActionCard
            // A batch just recorded empties the form, so it is not recorded twice by a second click.
            key={batches[0]?.id ?? "none"}
            {...card("batch")}
            title={t("labels.newBatch")}
            multipart
          >
            <TextField name="product" label={t("labels.product")} required maxLength={100} />
            <TextField name="specification" label={t("labels.specification")} maxLength={100} />
            <TextField name="batchNo" label={t("labels.batchNo")} required maxLength={64} />
            <TextField name="productionDate" label={t("labels.productionDate")} type="date" required />
            <TextField name="gtin" label={t("gtin.label")} hint={t("gtin.hint")} inputMode="numeric" maxLength={20} />
            <TextField name="quantity" label={t("labels.batchQuantity")} type="number" required />
            <FileField name="inspectionReport" label={t("labels.inspectionReport")} />
          </ActionCard>
        ) : null}
        {offers("collect") && batches.length ? (
          <ActionCard
            // A collection's answer empties the form once, as it arrives; the loader data that follows
            // then moves the start serial on (followsDefault) without touching anything typed meanwhile.
            key={`collect-${collectRound}`}
            {...card("collect")}
            title={t("labels.collect")}
          >
            {batchChoice}
            <TextField
              name="from"
              label={t("labels.from")}
              required
              defaultValue={serial(firstCollectable)}
              followsDefault
            />
            <TextField name="to" label={t("labels.to")} required />
            <CheckboxField name="skipUnusable" label={t("labels.skipUnusable")} />
          </ActionCard>
        ) : null}
        {offers("collectCodes") && batches.length ? (
          <ActionCard {...card("collectCodes")} title={t("labels.collectCodes")}>
            {batchChoice}
            <div className="field">
              <label htmlFor="collectCodes-codes">{t("labels.scannedCodes")}</label>
              <textarea
                id="collectCodes-codes"
                name="codes"
                rows={5}
                defaultValue={f("collectCodes")?.values.codes ?? ""}
              />
            </div>
          </ActionCard>
        ) : null}
        {offers("void") ? (
          <ActionCard {...card("void")} title={t("labels.void")}>
            <TextField name="from" label={t("labels.from")} required />
            <TextField name="to" label={t("labels.to")} required />
            <div className="field">
              <label htmlFor="void-reason">{t("labels.voidReason")}</label>
              <select id="void-reason" name="reason" defaultValue={f("void")?.values.reason ?? "damaged"}>
                {VOID_REASONS.map((k) => (
                  <option key={k} value={k}>
                    {t(`labels.voidReason.${k}`)}
                  </option>
                ))}
              </select>
            </div>
          </ActionCard>
        ) : null}
      </div>
    </>
  );
}
