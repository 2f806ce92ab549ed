import { isMessageKey } from "#app/i18n/i18n.ts";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { confirmationStep, readForm } from "#app/forms/form.server.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { isConfirmed, splitActionData } from "#app/forms/confirmation.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";
import { ConfirmationPanel } from "#app/ui/confirmation-panel.tsx";
import { ListingFacts, TakedownPanel } from "#app/ui/listing-case.tsx";
import { listingFactsOf } from "#app/report/listing-report.server.ts";
import { pendingTakedownTo, previewTakedown, sendTakedown, takedownsOfCase } from "#app/report/takedown.server.ts";
import { takedownSchema } from "#app/report/listing-form.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { actOnReport, findReportFor } from "#app/report/report-case.server.ts";
import { CASE_TITLE, OUTCOMES, reportActionSchema } from "#app/report/report-form.ts";
import { ErrorSummary, Message, TextAreaField } from "#app/ui/form-fields.tsx";
import { SelectField } from "#app/ui/select-field.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { idParam } from "#app/http/params.ts";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";

export const handle = titled<typeof loader>((t, d) => `${t(CASE_TITLE[d.report.kind])} · ${d.report.ticket}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const db = await getDb();
  const found = await findReportFor(db, user, idParam(params, "reportId"));
  if (!found) throw notFound();
  const listing = found.report.kind === "listing";
  const [facts, takedowns] = listing
    ? await Promise.all([listingFactsOf(db, found.report.id), takedownsOfCase(db, found.report.id)])
    : [undefined, []];
  return {
    ...found,
    listing: facts ?? null,
    takedowns,
    pendingTakedown: pendingTakedownTo(takedowns, facts?.client_id ?? null),
    canTakedown: may(user, "takedown.send", null),
    canAct: may(user, "report.act", null),
    me: user.id,
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const id = idParam(params, "reportId");
  return formAction(readForm(request), async (formData) => {
    const db = await getDb();
    if (formData.get("intent") === "takedown") {
      if (!may(user, "takedown.send", null)) throw forbidden();
      const takedown = formInput(formData, takedownSchema);
      // A legal act: the first submit only shows what would be sent (decision 040).
      if (!isConfirmed(formData)) return confirmationStep(formData, await previewTakedown(db, user, id, takedown));
      await sendTakedown(db, user, id, takedown);
      return `/regulator/reports/${id}?done=takedown`;
    }
    const { intent, ...rest } = formInput(formData, reportActionSchema);
    await actOnReport(db, user, id, { action: intent, ...rest } as Parameters<typeof actOnReport>[3]);
    return `/regulator/reports/${id}?done=${intent}`;
  });
}

export const shouldRevalidate = revalidateAfterEverySubmission;

export default function ReportDetail() {
  const {
    report,
    events,
    photos,
    colleagues,
    verdict,
    canAct,
    me,
    done,
    listing,
    takedowns,
    pendingTakedown,
    canTakedown,
  } = useLoaderData<typeof loader>();
  const { failure, confirmation } = splitActionData(useActionData<typeof action>());
  const t = useT();
  const lang = useLang();
  const open = report.status !== "closed";
  return (
    <>
      <h1>
        {t(CASE_TITLE[report.kind])} · {report.ticket}
      </h1>
      {done && isMessageKey(`report.done.${done}`) ? (
        <Message tone="ok">{t(`report.done.${done as "assign"}`)}</Message>
      ) : null}
      <ErrorSummary
        failure={failure}
        labels={{
          assigneeId: t("report.assignTo"),
          outcome: t("report.outcome"),
          note: t("report.outcomeNote"),
          legalBasis: t("takedown.legalBasis"),
          evidence: t("takedown.evidence"),
        }}
      />
      {confirmation ? (
        <ConfirmationPanel confirmation={confirmation} cancelHref={`/regulator/reports/${report.id}`} />
      ) : null}
      <Facts>
        <Fact label={t("report.filterStatus")}>
          <strong>{t(`report.status.${report.status}`)}</strong>
          {report.outcome ? ` · ${t(`report.outcome.${report.outcome}`)}` : ""}
        </Fact>
        <Fact label={t("report.submittedAt")}>{formatDateTime(report.created_at, lang)}</Fact>
        <Fact label={t("report.kind")}>{t(`report.kind.${report.kind}`)}</Fact>
        <Fact label={t("report.problem")}>{t(`report.problem.${report.problem}`)}</Fact>
        <Fact label={t("report.description")} className="prewrap">
          {report.description}
        </Fact>
        {report.kind === "consumer" ? (
          <>
            <Fact label={t("report.place.label")}>
              {t(`report.placeKind.${report.place_kind}`)}
              {t("punct.colon")}
              {report.place}
            </Fact>
            <Fact label={t("report.linkedLabel")}>
              {report.code ? (
                <a className="code" href={`/v/${report.code}`} rel="noreferrer">
                  {report.code}
                </a>
              ) : (
                <span className="code">{report.code_input}</span>
              )}{" "}
              · {t("report.verdictAtReport")}
              {t("punct.colon")}
              {t(`verify.verdict.${verdict}`)}
            </Fact>
          </>
        ) : null}
        <Fact label={t("report.mark")}>{report.mark_name ?? "—"}</Fact>
        <Fact label={t("report.linkedEnterprise")}>
          {report.enterprise_id ? (
            <a href={`/enterprises/${report.enterprise_id}`}>
              {report.enterprise_name} ({report.enterprise_uscc})
            </a>
          ) : (
            t("report.none")
          )}
        </Fact>
        {report.kind === "consumer" ? (
          <Fact label={t("report.contactLabel")}>{report.contact ?? t("report.none")}</Fact>
        ) : null}
        <Fact label={t("report.assignee")}>{report.assignee_name ?? t("report.unassigned")}</Fact>
        {report.outcome_note ? (
          <Fact label={t("report.outcomeNote")} className="prewrap">
            {report.outcome_note}
          </Fact>
        ) : null}
      </Facts>
      {listing ? <ListingFacts listing={listing} /> : null}
      {photos.length ? (
        <ul>
          {photos.map((p) => (
            <li key={p.position}>
              <a href={`/regulator/reports/${report.id}/photos/${p.position}`}>
                {t("document.kind.report_photo")} {p.position}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      {listing ? (
        <TakedownPanel
          takedowns={takedowns}
          pending={pendingTakedown}
          canSend={canTakedown && open && !confirmation}
          platformName={listing.client_id && !listing.client_revoked_at ? listing.client_name : null}
          failure={failure}
        />
      ) : null}
      {canAct && open ? (
        <section className="stack">
          {report.status === "received" || report.status === "assigned" ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="assign" />
              <input type="hidden" name="version" value={report.version} />
              <SelectField
                name="assigneeId"
                label={t("report.assignTo")}
                failure={failure}
                defaultValue={report.assignee_id ?? me}
              >
                {colleagues.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </SelectField>
              <div>
                <button type="submit" className="secondary">
                  {t("report.assign")}
                </button>
              </div>
            </Form>
          ) : null}
          {report.status === "assigned" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="investigate" />
              <input type="hidden" name="version" value={report.version} />
              <button type="submit" className="secondary">
                {t("report.investigate")}
              </button>
            </Form>
          ) : null}
          {report.status === "assigned" || report.status === "investigating" ? (
            <Form method="post" className="stack">
              <input type="hidden" name="intent" value="close" />
              <input type="hidden" name="version" value={report.version} />
              <SelectField name="outcome" label={t("report.outcome")} failure={failure} required>
                <option value="">{t("report.markChoose")}</option>
                {OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {t(`report.outcome.${o}`)}
                  </option>
                ))}
              </SelectField>
              <TextAreaField name="note" label={t("report.outcomeNote")} required failure={failure} maxLength={2000} />
              <div>
                <button type="submit" className="primary">
                  {t("report.close")}
                </button>
              </div>
            </Form>
          ) : null}
        </section>
      ) : null}
      <h2 id="history">{t("report.history")}</h2>
      <ol aria-labelledby="history">
        {events.map((e) => (
          <li key={e.key}>
            {formatDateTime(e.at, lang)} · {t(`report.action.${e.action}`, { platform: e.platform ?? "" })} ·{" "}
            {e.actor_name ?? "—"}
            {e.note ? ` · ${e.note}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}
