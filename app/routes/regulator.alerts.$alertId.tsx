import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { acknowledgeAlert, alertVisible, findAlert, resolveAlert } from "#app/alert/alert-queue.server.ts";
import { getDb } from "#app/db.server.ts";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { formatSerial } from "#app/label-code/code.ts";
import { explainAlert } from "#app/ui/alert-text.ts";
import { ErrorSummary, Message, TextAreaField } from "#app/ui/form-fields.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { idParam } from "#app/http/params.ts";
import { titled } from "#app/ui/page-title.ts";
import { actionWords, actorWords } from "#app/audit/words.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((t, d) => t(`flag.kind.${d.alert.kind}`));

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const found = await findAlert(await getDb(), user, idParam(params, "alertId"));
  if (!found) throw notFound();
  return found;
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("acknowledge") }),
  z.object({ intent: z.literal("resolve"), resolution: field.paragraph(500) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  return formAction(readForm(request), async (formData) => {
    const input = formInput(formData, schema);
    const db = await getDb();
    const id = idParam(params, "alertId");
    // Another division's alert, or no such alert: the same 404 as the page itself.
    if (!(await alertVisible(db, user, id))) throw notFound();
    if (input.intent === "acknowledge") await acknowledgeAlert(db, user, id);
    else await resolveAlert(db, user, id, input.resolution);
    return `/regulator/alerts/${id}?done=${input.intent}`;
  });
}

export default function AlertDetail() {
  const { alert, scans, label, history } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const done = params.get("done");
  return (
    <>
      <p>
        <a href="/regulator/alerts">← {t("alert.title")}</a>
      </p>
      <h1>{t(`flag.kind.${alert.kind}`)}</h1>
      {done === "acknowledge" || done === "resolve" ? (
        <Message tone="ok" message={{ key: `alert.done.${done}` }} />
      ) : null}
      <ErrorSummary failure={failure} labels={{ resolution: t("alert.resolution") }} />
      <p>{explainAlert(t, alert.kind, alert.detail, alert.occurrences)}</p>
      <Facts>
        <Fact label={t("alert.state")}>
          <strong>{t(`alert.state.${alert.state}`)}</strong>
          {alert.acknowledged_at
            ? ` · ${t("alert.acknowledgedBy", { at: formatDateTime(alert.acknowledged_at, lang) })}`
            : null}
        </Fact>
        <Fact label={t("alert.raised")}>{formatDateTime(alert.raised_at, lang)}</Fact>
        {alert.last_seen_at ? (
          <Fact label={t("alert.lastSeen")}>{formatDateTime(alert.last_seen_at, lang)}</Fact>
        ) : null}
        <Fact label={t("alert.occurrences")}>{alert.occurrences}</Fact>
        <Fact label={t("alert.division")}>{alert.division_name ?? t("alert.national")}</Fact>
        {alert.enterprise_id ? (
          <Fact label={t("enterprise.name")}>
            <a href={`/enterprises/${alert.enterprise_id}`}>{alert.enterprise_name}</a>
            {alert.mark_name ? ` · ${alert.mark_name}` : ""}
          </Fact>
        ) : null}
        {alert.authorization_id ? (
          <Fact label={t("alert.authorization")}>
            <a href={`/authorizations/${alert.authorization_id}`}>{t("alert.open.link")} →</a>
          </Fact>
        ) : null}
        {alert.subject_label ? (
          <Fact label={t("alert.subject")} className="code">
            {alert.subject_label}
          </Fact>
        ) : null}
        {label ? (
          <Fact label={t("alert.label")}>
            {t("alert.labelFacts", {
              serial: formatSerial(label, label.serial_year, label.serial),
              status: t(`label.status.${label.status}`),
            })}{" "}
            · <a href={`/label-orders/${label.order_id}`}>{t("alert.order")} →</a>
          </Fact>
        ) : null}
        {alert.resolved_at ? (
          <Fact label={t("alert.resolution")}>
            {t("alert.resolvedAs", {
              at: formatDateTime(alert.resolved_at, lang),
              resolution: alert.resolution ?? "",
            })}
          </Fact>
        ) : null}
      </Facts>
      {alert.state === "open" ? (
        <Form method="post">
          <input type="hidden" name="intent" value="acknowledge" />
          <button type="submit" className="secondary">
            {t("alert.acknowledge")}
          </button>
        </Form>
      ) : null}
      {alert.state !== "resolved" ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="intent" value="resolve" />
          <TextAreaField
            name="resolution"
            label={t("alert.resolution")}
            hint={t("alert.resolutionHint")}
            required
            failure={failure}
            maxLength={500}
            rows={3}
          />
          <div>
            <button type="submit" className="primary">
              {t("alert.resolve")}
            </button>
          </div>
        </Form>
      ) : null}
      <h2>{t("alert.evidence")}</h2>
      <h3>{t("alert.scans")}</h3>
      <DataTable
        label={t("alert.evidence")}
        empty={t("alert.noScans")}
        rows={scans}
        rowKey={(_, i) => i}
        columns={[
          { header: t("alert.scanAt"), cell: (s) => formatDateTime(s.scanned_at, lang) },
          { header: t("alert.network"), className: "code", cell: (s) => s.network },
          { header: t("alert.verdict"), cell: (s) => t(`verify.verdict.${s.verdict}`) },
          { header: t("alert.channel"), cell: (s) => t(`scan.channel.${s.channel}`) },
          scans.some((s) => s.code) && { header: t("alert.code"), className: "code", cell: (s) => s.code ?? "" },
          {
            header: t("alert.location"),
            cell: (s) => (s.latitude && s.longitude ? `${s.latitude}, ${s.longitude}` : "—"),
          },
        ]}
      />
      <h2>{t("alert.history")}</h2>
      <ol>
        {history.map((h) => (
          <li key={h.seq}>
            {formatDateTime(h.at, lang)} · {actorWords(h.actor_label, t, h.actor_name)} · {actionWords(h.action, t)}
            {h.reason ? ` · ${h.reason}` : ""}
          </li>
        ))}
      </ol>
    </>
  );
}
