import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { creditEventsOf } from "#app/credit/credit-event.server.ts";
import { reportStatesFor } from "#app/annual-report/annual-report.server.ts";
import { z } from "zod";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { findAuthorizationFor } from "#app/authorization/authorization.server.ts";
import { previewTransition, transition } from "#app/authorization/transition.server.ts";
import { resubmitApplication } from "#app/authorization/application.server.ts";
import { applicationSchema } from "#app/authorization/application-form.ts";
import {
  authorizationActionsFor,
  isLegalAct,
  TRANSITIONS,
  type AuthorizationAction,
} from "#app/authorization/lifecycle.ts";
import { applicationChoice, authorizationDetail } from "#app/authorization/queries.server.ts";
import { getDb } from "#app/db.server.ts";
import { field } from "#app/forms/form.ts";
import { confirmationStep } from "#app/forms/form.server.ts";
import { isConfirmed, splitActionData } from "#app/forms/confirmation.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";
import { ConfirmationPanel } from "#app/ui/confirmation-panel.tsx";
import { readMultipart } from "#app/forms/upload.server.ts";
import { isMessageKey } from "#app/i18n/i18n.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { AuthorizationActions } from "#app/ui/authorization-actions.tsx";
import { ApplicationFields, applicationLabels } from "#app/ui/application-fields.tsx";
import { ErrorSummary } from "#app/ui/form-fields.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { idParam } from "#app/http/params.ts";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { ActionCard } from "#app/ui/action-card.tsx";

export const handle = titled<typeof loader>(
  (_t, d) => `${d.authorization.mark_name} · ${d.authorization.enterprise_name}`,
);

const resubmitSchema = applicationSchema.omit({ markId: true, route: true }).extend({ version: field.version() });

const transitionSchema = z.object({
  intent: z.enum(Object.keys(TRANSITIONS) as [AuthorizationAction, ...AuthorizationAction[]], {
    errorMap: () => ({ message: "form.invalid" }),
  }),
  version: field.version(),
  comment: field.optionalParagraph(2000),
  deadline: field.optionalDate(),
  exitReason: z
    .enum([
      "non_conforming",
      "unused_24_months",
      "licence_expired",
      "deregistered",
      "voluntary",
      "violation",
      "failed_inspection",
      "",
    ])
    .optional()
    .transform((v) => v || undefined),
  documentRef: field.optionalText(100),
  effectiveOn: field.optionalDate(),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const detail = await authorizationDetail(db, user, idParam(params, "authorizationId"));
  if (!detail) throw notFound();
  const a = detail.authorization;
  const actions = authorizationActionsFor(user, a.status, a.approving_level);
  const canOrderLabels = may(user, "authorization.orderLabels", a);
  // A returned application is corrected for its own mark: only that mark's townships.
  const resubmitMark = may(user, "authorization.resubmit", a)
    ? ((await applicationChoice(db, { id: a.mark_id })) ?? null)
    : null;
  const credit = may(user, "enterprise.seeCredit", null)
    ? await creditEventsOf(db, { id: a.enterprise_id, uscc: a.uscc })
    : [];
  const annualReports = (await reportStatesFor(db, a)).map((r) => ({
    ...r,
    mayFile: may(user, "annualReport.file", { owes: r.state === "missing" || r.state === "pending", year: r.year }),
  }));
  return { ...detail, actions, resubmitMark, canOrderLabels, credit, annualReports };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const id = idParam(params, "authorizationId");
  const current = await findAuthorizationFor(db, user, id);
  if (!current) throw notFound();
  return formAction(readMultipart(request, 1), async ({ formData, files }) => {
    if (formData.get("intent") === "resubmit") {
      const { version, ...application } = formInput(formData, resubmitSchema);
      await resubmitApplication(db, user, id, version, {
        ...application,
        markId: current.mark_id,
        route: current.route,
      });
      return `/authorizations/${id}?done=submit`;
    }
    const { intent, ...rest } = formInput(formData, transitionSchema);
    const input = { ...rest, action: intent, document: files[0] };
    // A legal act is only shown the first time; it happens when the confirmation comes back.
    if (isLegalAct(intent) && !isConfirmed(formData))
      return confirmationStep(formData, await previewTransition(db, user, id, input));
    await transition(db, user, id, input);
    return `/authorizations/${id}?done=${intent}`;
  });
}

export const shouldRevalidate = revalidateAfterEverySubmission;

export default function AuthorizationPage() {
  const {
    authorization: a,
    events,
    documents,
    clock,
    actions,
    resubmitMark,
    canOrderLabels,
    credit,
    annualReports,
  } = useLoaderData<typeof loader>();
  const { failure, confirmation } = splitActionData(useActionData<typeof action>());
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const done = params.get("done");
  const doneKey = done && !failure && !confirmation ? `authz.done.${done}` : null;
  return (
    <>
      <h1>
        {a.mark_name} · {a.enterprise_name}
      </h1>
      {doneKey && isMessageKey(doneKey) ? (
        <div className="alert ok" role="status">
          {t(doneKey)}
        </div>
      ) : null}
      {confirmation ? <ConfirmationPanel confirmation={confirmation} cancelHref={`/authorizations/${a.id}`} /> : null}
      <Facts>
        <Fact label={t("register.filterStatus")}>
          <strong>{t(`status.${a.status}`)}</strong>
        </Fact>
        <Fact label={t("apply.route")}>{t(`route.${a.route}`)}</Fact>
        <Fact label={t("enterprise.uscc")} className="code">
          {a.uscc}
        </Fact>
        <Fact label={t("apply.township")}>{a.township_name}</Fact>
        <Fact label={t("apply.products")}>{a.products}</Fact>
        <Fact label={t("apply.annualOutput")}>{a.annual_output}</Fact>
        <Fact label={t("apply.labelManagerName")}>
          {a.label_manager_name} {a.label_manager_phone}
        </Fact>
        {a.licence_filing_no ? (
          <Fact label={t("apply.licenceFilingNo")}>
            {a.licence_filing_no}
            {t("punct.paren", { text: `${a.licence_start} — ${a.licence_end}` })}
          </Fact>
        ) : null}
        {a.review_due_on ? (
          <Fact label={t("authz.dueOn")}>
            {a.review_due_on}
            {clock ? ` · ${t("authz.clock", { used: clock.used, limit: clock.limit })}` : ""}
            {clock?.overdue ? <strong className="overdue"> · ⚠ {t("authz.overdue")}</strong> : null}
          </Fact>
        ) : null}
        {a.active_from ? (
          <Fact label={t("authz.since")}>
            {a.active_from} {a.entry_announcement ? t("punct.paren", { text: a.entry_announcement }) : ""}
          </Fact>
        ) : null}
        {a.exited_on ? (
          <Fact label={t("authz.exitedOn")}>
            {a.exited_on} {a.exit_reason ? `· ${t(`exit.${a.exit_reason}`)}` : ""}
          </Fact>
        ) : null}
        {a.rectify_deadline ? <Fact label={t("authz.deadline")}>{a.rectify_deadline}</Fact> : null}
      </Facts>

      {canOrderLabels ? (
        <p>
          <a className="button" href={`/label-orders/new?authorization=${a.id}`}>
            {t("labels.new")}
          </a>
        </p>
      ) : null}
      {credit.length ? (
        <section aria-labelledby="credit-records">
          <h2 id="credit-records">⚠ {t("credit.onReview")}</h2>
          <ul>
            {credit.map((c) => (
              <li key={c.id}>
                {c.decided_on} · {t(`credit.list.${c.list}`)} · {c.authority} {c.document_no} · {c.reason}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {annualReports.length ? (
        <section aria-labelledby="annual-reports">
          <h2 id="annual-reports">{t("annualReport.yourReports")}</h2>
          <ul>
            {annualReports.map((r) => (
              <li key={r.year}>
                {r.year} · {t(`annualReport.state.${r.state}`)} · {t("annualReport.dueOn")} {r.dueOn} ·{" "}
                <a href={`/authorizations/${a.id}/annual-report?year=${r.year}`}>
                  {r.mayFile ? t("annualReport.fileLink") : t("annualReport.viewLink")}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {documents.length ? (
        <>
          <h2>{t("apply.documents")}</h2>
          <ul>
            {documents.map((d) => (
              <li key={d.id}>
                {t(`document.kind.${d.kind}`)}
                {t("punct.colon")}
                <a href={`/documents/${d.id}`}>{d.original_name}</a>
                {t("punct.paren", { text: `${Math.ceil(d.size_bytes / 1024)} KB` })}
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {failure ? (
        <ErrorSummary
          failure={failure}
          // Each form's fields carry its intent as their id prefix (authorization-actions.tsx, resubmit below).
          idPrefix={failure.values.intent || "f"}
          labels={{
            ...applicationLabels(t),
            comment: t("authz.comment"),
            deadline: t("authz.deadline"),
            exitReason: t("authz.exitReason"),
            document: t("authz.siteCheck"),
            effectiveOn: t("legalAct.effectiveOn"),
            documentRef: t("authz.documentRef"),
            version: t("authz.version"),
          }}
        />
      ) : null}

      {actions.length && !confirmation ? (
        <>
          <h2>{t("authz.actions")}</h2>
          <AuthorizationActions actions={actions} version={a.version} failure={failure} />
        </>
      ) : null}

      {resubmitMark ? (
        <ActionCard
          title={t("apply.resubmit")}
          heading="h2"
          hidden={{ intent: "resubmit", version: a.version }}
          idPrefix="resubmit"
          failure={failure}
        >
          <ApplicationFields
            mark={resubmitMark}
            failure={failure}
            defaults={{
              townshipCode: a.township_code,
              products: a.products,
              annualOutput: a.annual_output,
              labelManagerName: a.label_manager_name,
              labelManagerPhone: a.label_manager_phone,
              licenceFilingNo: a.licence_filing_no,
              licenceFilingDate: a.licence_filing_date,
              licenceStart: a.licence_start,
              licenceEnd: a.licence_end,
            }}
          />
        </ActionCard>
      ) : null}

      <h2>{t("authz.history")}</h2>
      <DataTable
        label={t("authz.history")}
        rows={events}
        rowKey={(e) => e.id}
        columns={[
          {
            header: t("column.recordedAt"),
            cell: (e) => (
              <>
                {formatDateTime(e.at, lang)}
                <div className="muted">
                  {t("authz.since")}: {e.effective_on}
                </div>
              </>
            ),
          },
          {
            header: t("column.event"),
            cell: (e) => (isMessageKey(`action.${e.action}`) ? t(`action.${e.action}` as "action.submit") : e.action),
          },
          { header: t("register.filterStatus"), cell: (e) => t(`status.${e.to_status}`) },
          {
            header: t("authz.comment"),
            cell: (e) => (
              <>
                {e.comment}
                {e.document_ref ? <div className="muted">{e.document_ref}</div> : null}
                {e.document ? (
                  <div className="muted">
                    {t(`document.kind.${e.document.kind}`)}
                    {t("punct.colon")}
                    <a href={`/documents/${e.document.id}`}>{e.document.name}</a>
                  </div>
                ) : null}
                {e.announcement_number ? <div className="muted">{e.announcement_number}</div> : null}
              </>
            ),
          },
          { header: t("admin.displayName"), cell: (e) => e.actor ?? "—" },
        ]}
      />
    </>
  );
}
