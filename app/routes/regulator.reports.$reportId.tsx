import { isMessageKey } from "#app/i18n/i18n.ts";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { parseForm } from "#app/forms/form.ts";
import { domainFailure, formFailure, readForm } from "#app/forms/form.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { actOnReport, findReportFor } from "#app/report/report.server.ts";
import { OUTCOMES, reportActionSchema } from "#app/report/report-form.ts";
import { ErrorSummary, Message, TextAreaField } from "#app/ui/form-fields.tsx";
import { SelectField } from "#app/ui/select-field.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { idParam } from "#app/http/params.ts";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";

export const handle = titled<typeof loader>((t, d) => `${t("report.title")} · ${d.report.ticket}`);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const found = await findReportFor(await getDb(), user, idParam(params, "reportId"));
  if (!found) throw notFound();
  return {
    ...found,
    canAct: may(user, "report.act", null),
    me: user.id,
    done: new URL(request.url).searchParams.get("done"),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const id = idParam(params, "reportId");
  const formData = await readForm(request);
  const parsed = parseForm(formData, reportActionSchema);
  if (!parsed.ok) return formFailure(parsed);
  const { intent, ...rest } = parsed.data;
  try {
    await actOnReport(await getDb(), user, id, { action: intent, ...rest } as Parameters<typeof actOnReport>[3]);
    throw redirect(`/regulator/reports/${id}?done=${intent}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, formData);
  }
}

export default function ReportDetail() {
  const { report, events, photos, colleagues, verdict, canAct, me, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const open = report.status !== "closed";
  return (
    <>
      <h1>
        {t("report.title")} · {report.ticket}
      </h1>
      {done && isMessageKey(`report.done.${done}`) ? (
        <Message tone="ok">{t(`report.done.${done as "assign"}`)}</Message>
      ) : null}
      <ErrorSummary
        failure={failure}
        labels={{ assigneeId: t("report.assignTo"), outcome: t("report.outcome"), note: t("report.outcomeNote") }}
      />
      <Facts>
        <Fact label={t("report.filterStatus")}>
          <strong>{t(`report.status.${report.status}`)}</strong>
          {report.outcome ? ` · ${t(`report.outcome.${report.outcome}`)}` : ""}
        </Fact>
        <Fact label={t("report.submittedAt")}>{formatDateTime(report.created_at, lang)}</Fact>
        <Fact label={t("report.problem")}>{t(`report.problem.${report.problem}`)}</Fact>
        <Fact label={t("report.description")} className="prewrap">
          {report.description}
        </Fact>
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
        <Fact label={t("report.contactLabel")}>{report.contact ?? t("report.none")}</Fact>
        <Fact label={t("report.assignee")}>{report.assignee_name ?? t("report.unassigned")}</Fact>
        {report.outcome_note ? (
          <Fact label={t("report.outcomeNote")} className="prewrap">
            {report.outcome_note}
          </Fact>
        ) : null}
      </Facts>
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
      <h2>{t("report.history")}</h2>
      <ol>
        {events.map((e) => (
          <li key={e.id}>
            {formatDateTime(e.at, lang)} · {t(`report.action.${e.action}`)} · {e.actor_name ?? "—"}
            {e.note ? ` · ${e.note}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}
