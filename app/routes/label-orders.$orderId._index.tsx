import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { discrepancyWords } from "#app/label/discrepancies.ts";
import { issuingState } from "#app/label/issuing-job.server.ts";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { confirmationStep } from "#app/forms/form.server.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { isConfirmed, splitActionData } from "#app/forms/confirmation.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";
import { ORDER_DONE_INTENTS, orderActionsFor, type OrderDoneIntent } from "#app/label/order-rules.ts";
import { ConfirmationPanel } from "#app/ui/confirmation-panel.tsx";
import { readMultipart } from "#app/forms/upload.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { orderToActOn, runOrderAction } from "#app/label/order-actions.server.ts";
import { orderActionInput } from "#app/label/order-action-input.ts";
import { orderDetail } from "#app/label/queries.server.ts";
import { formatSerial } from "#app/label-code/code.ts";
import { isVoidReason } from "#app/label/void-reasons.ts";
import { MessageItems } from "#app/ui/form-fields.tsx";
import { formatDateTime, formatNumber } from "#app/i18n/format.ts";
import { idParam } from "#app/http/params.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { OrderActionCards } from "#app/ui/order-action-cards.tsx";
import { DataTable } from "#app/ui/data-table.tsx";
import { Fact, Facts } from "#app/ui/facts.tsx";

/** Counts collection answers, so each one remounts the collect form exactly once. */
let collectRounds = 0;

export const handle = titled<typeof loader>((t, d) => t("labels.orderTitle", { mark: d.mark.name }));

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const detail = await orderDetail(db, user, idParam(params, "orderId"));
  if (!detail) throw notFound();
  const total = detail.order.quantity_approved ?? 0;
  return {
    ...detail,
    // Who receives the codes, and whether a sheet can lay them out: asked, never re-spelled here.
    codes: may(user, "order.receiveCodes", detail.order),
    sheet: may(user, "order.printSheet", detail.order),
    events: may(user, "order.exportEvents", null),
    // The same rule the action asks before it acts (order-rules.ts).
    allowed: orderActionsFor(user.role, detail.order),
    issuing:
      detail.order.status === "approved"
        ? ((await issuingState(db, detail.order.id, total)) ?? {
            state: "pending" as const,
            attempts: 0,
            done: 0,
            total,
            nextAttemptAt: null,
          })
        : null,
  };
}

/** While codes are being issued the page refreshes itself (no JavaScript needed). */
export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data?.issuing ? [{ httpEquiv: "refresh", content: "2" }] : [];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const orderId = idParam(params, "orderId");
  const db = await getDb();
  // The batch form's file is its inspection report: a refused file is named on that field.
  return formAction(readMultipart(request, 1, "inspectionReport"), async ({ formData, files }) => {
    // Not this person's to do, or not now, is refused before the form is read (as the page would not offer it).
    const order = await orderToActOn(db, user, orderId, String(formData.get("intent") ?? ""));
    const input = formInput(formData, orderActionInput);
    const result = await runOrderAction(db, user, order, input, { confirmed: isConfirmed(formData), files });
    // A collection says what it collected and skipped; a legal act asks for confirmation first.
    if ("collection" in result) return data({ collection: result.collection });
    if (!("done" in result)) return confirmationStep(formData, result);
    return `/label-orders/${orderId}?done=${result.done}&n=${result.n}`;
  });
}

/** The message after an action: what was done, and to how many labels (`?done=receive&n=1000`). */
function doneMessage(params: URLSearchParams): { key: `labels.done.${OrderDoneIntent}`; n: number } | null {
  const done = params.get("done");
  const intent = ORDER_DONE_INTENTS.find((i) => i === done);
  return intent ? { key: `labels.done.${intent}`, n: Number(params.get("n")) || 0 } : null;
}

export const shouldRevalidate = revalidateAfterEverySubmission;

const LABELS = ["approved", "issued", "printed", "spoiled", "received", "collected", "voided", "inStock"] as const;

export default function LabelOrderPage() {
  const {
    order,
    mark,
    enterprise,
    printer,
    ledger,
    reconciliation: r,
    batches,
    codes,
    sheet,
    events,
    issuing,
    allowed,
    firstCollectable,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const collection = actionData && "collection" in actionData ? actionData.collection : null;
  const collectRound = useMemo(() => (collection ? ++collectRounds : collectRounds), [collection]);
  const { failure, confirmation } = splitActionData(
    actionData && !("collection" in actionData) ? actionData : undefined,
  );
  const offers = (intent: (typeof allowed)[number]) => allowed.includes(intent) && !confirmation;
  const [params] = useSearchParams();
  // The last act's message shows once: not again above a collection, a refusal or a confirmation.
  const done = confirmation || failure || collection ? null : doneMessage(params);
  const t = useT();
  const lang = useLang();
  const serial = (n: number | null) => (n === null ? "" : formatSerial(mark, order.serial_year ?? 0, n));
  const num = (n: number | null | undefined) => formatNumber(n, lang);
  return (
    <>
      <h1>{t("labels.orderTitle", { mark: mark.name })}</h1>
      {done ? (
        <div className="alert ok" role="status">
          {t(done.key, { n: done.n })}
        </div>
      ) : null}
      {collection ? (
        <div className="alert ok" role="status">
          <p>{t("labels.collectedCount", { count: collection.collected })}</p>
          {collection.skipped.count ? (
            <>
              <p>{t("labels.collectedSkipped", { count: collection.skipped.count })}</p>
              <MessageItems message={{ key: "labels.collectedSkipped", items: collection.skipped.lines }} />
            </>
          ) : null}
        </div>
      ) : null}
      {confirmation ? <ConfirmationPanel confirmation={confirmation} cancelHref={`/label-orders/${order.id}`} /> : null}
      {issuing ? (
        <div className={issuing.state === "retrying" ? "alert warn" : "alert ok"} role="status">
          <label htmlFor="issuing-progress">
            {issuing.state === "retrying"
              ? t("labels.issuingRetrying", {
                  attempts: issuing.attempts,
                  at: formatDateTime(issuing.nextAttemptAt, lang),
                })
              : t(`labels.issuing.${issuing.state}`, { done: issuing.done, total: issuing.total })}
          </label>{" "}
          <progress id="issuing-progress" max={issuing.total} value={issuing.done} />
        </div>
      ) : null}
      <Facts>
        <Fact label={t("register.filterStatus")}>
          <strong>{t(`labels.status.${order.status}`)}</strong>
        </Fact>
        <Fact label={t("enterprise.name")}>
          {enterprise.name} <span className="code">{enterprise.uscc}</span>
        </Fact>
        <Fact label={t("labels.requested")}>{num(order.quantity_requested)}</Fact>
        <Fact label={t("labels.template")}>{order.template}</Fact>
        <Fact label={t("labels.intendedProducts")}>{order.intended_products}</Fact>
        <Fact label={t("labels.printer")}>{printer?.name ?? t("labels.selfPrint")}</Fact>
        {order.serial_from !== null ? (
          <Fact label={t("labels.serials")} className="code">
            {serial(order.serial_from)} — {serial(order.serial_to)}
          </Fact>
        ) : null}
        {order.decision_reason ? <Fact label={t("labels.reason")}>{order.decision_reason}</Fact> : null}
      </Facts>

      <h2>{t("labels.reconciliation")}</h2>
      <DataTable
        label={t("labels.reconciliation")}
        rows={[r]}
        rowKey={() => "figures"}
        columns={LABELS.map((k) => ({
          header: t(`labels.${k}`),
          cell: () => num(r[k]),
          numeric: true,
          cellProps: () => ({ "data-figure": k }),
        }))}
      />
      <p className={r.discrepancies.length ? "alert warn" : "muted"} role="status">
        {r.discrepancies.length
          ? t("labels.discrepancy", { items: discrepancyWords(r.discrepancies, t) })
          : t("labels.balanced")}
      </p>

      <OrderActionCards
        order={order}
        offers={offers}
        failure={failure}
        batches={batches}
        codes={codes}
        sheet={sheet}
        serial={serial}
        firstCollectable={firstCollectable}
        collectRound={collectRound}
      />

      <h2>{t("labels.ledger")}</h2>
      <p>
        <a href={`/label-orders/${order.id}/ledger.csv`}>{t("announcement.csv")}</a> ·{" "}
        <XlsxLink csvHref={`/label-orders/${order.id}/ledger.csv`} />
        {events ? (
          <>
            {" "}
            ·{" "}
            <a
              href={`/label-orders/${order.id}/events.jsonld`}
              type="application/ld+json"
              aria-describedby="epcis-note"
            >
              {t("epcis.download")}
            </a>
          </>
        ) : null}
      </p>
      {/* What the file is for, in sight beside its link (a title attribute shows only on hover). */}
      {events ? (
        <p className="muted" id="epcis-note">
          {t("epcis.note")}
        </p>
      ) : null}
      <DataTable
        label={t("labels.ledger")}
        rows={ledger}
        rowKey={(l) => l.id}
        columns={[
          { header: t("column.recordedAt"), cell: (l) => formatDateTime(l.at, lang) },
          { header: t("column.ledgerEntry"), cell: (l) => t(`ledger.${l.action}`) },
          {
            header: t("labels.serials"),
            className: "code",
            cell: (l) =>
              l.serial_from !== null
                ? `${serial(l.serial_from)}${l.serial_to !== l.serial_from ? ` — ${serial(l.serial_to)}` : ""}`
                : "",
          },
          { header: t("labels.quantity"), cell: (l) => num(l.count), numeric: true },
          {
            header: t("labels.reason"),
            cell: (l) => (
              <>
                {isVoidReason(l.reason) && (l.action === "void" || l.action === "spoil")
                  ? t(`labels.voidReason.${l.reason}`)
                  : l.reason}
                {l.batch_no ? ` ${l.batch_no}` : ""}
              </>
            ),
          },
          { header: t("admin.displayName"), cell: (l) => l.actor ?? "—" },
        ]}
      />
    </>
  );
}
