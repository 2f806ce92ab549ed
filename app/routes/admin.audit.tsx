import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { AUDIT_PAGE, auditFilters, auditVocabulary, searchAudit } from "#app/audit/audit-viewer.server.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { Message } from "#app/ui/form-fields.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { actionWords, actorWords, entityWords, recordHref } from "#app/audit/words.ts";
import { reasonInWords } from "#app/label/void-reasons.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("audit.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const filters = auditFilters.parse(Object.fromEntries(url.searchParams));
  const db = await getDb();
  const [rows, vocabulary] = await Promise.all([searchAudit(db, filters), auditVocabulary(db)]);
  const older =
    rows.length === AUDIT_PAGE
      ? new URLSearchParams({ ...Object.fromEntries(url.searchParams), before: String(rows.at(-1)!.seq) }).toString()
      : null;
  return {
    filters,
    vocabulary,
    older,
    csv: `/admin/audit.csv${url.search}`,
    rows: rows.map((r) => ({
      ...r,
      before: r.before === null ? null : JSON.stringify(r.before, null, 2),
      after: r.after === null ? null : JSON.stringify(r.after, null, 2),
    })),
  };
}

/** Verifies the whole chain on demand (read-only: nothing changes, so nothing to audit). */
export async function action({ request }: ActionFunctionArgs) {
  await requireRole(request, "admin");
  const report = await verifyAuditChain(await getDb());
  return data(report);
}

export default function AuditViewer() {
  const { filters, vocabulary, rows, older, csv } = useLoaderData<typeof loader>();
  const report = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("audit.title")}</h1>
      <p>{t("audit.lead")}</p>
      <Form method="post">
        <button type="submit" className="secondary">
          {t("audit.verify")}
        </button>
      </Form>
      {report ? (
        report.ok ? (
          <Message tone="ok" message={{ key: "audit.verified", params: { entries: report.entries } }} />
        ) : (
          <Message
            tone="error"
            message={{
              key: "audit.broken",
              params: {
                seq: report.problem.seq,
                kind: report.problem.kind,
                detail: report.problem.detail,
                entries: report.entries,
              },
            }}
          />
        )
      ) : null}
      <Form method="get" className="filters">
        <label>
          {t("audit.actor")} <input name="actor" defaultValue={filters.actor ?? ""} maxLength={64} />
        </label>
        <label>
          {t("audit.entityType")}{" "}
          <select name="entityType" defaultValue={filters.entityType ?? ""}>
            <option value="">{t("audit.any")}</option>
            {vocabulary.entityTypes.map((v) => (
              <option key={v} value={v}>
                {entityWords(v, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.entityId")} <input name="entityId" defaultValue={filters.entityId ?? ""} maxLength={64} />
        </label>
        <label>
          {t("audit.action")}{" "}
          <select name="action" defaultValue={filters.action ?? ""}>
            <option value="">{t("audit.any")}</option>
            {vocabulary.actions.map((v) => (
              <option key={v} value={v}>
                {actionWords(v, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("audit.from")} <input type="date" name="from" defaultValue={filters.from ?? ""} />
        </label>
        <label>
          {t("audit.to")} <input type="date" name="to" defaultValue={filters.to ?? ""} />
        </label>
        <button type="submit">{t("audit.filter")}</button> <a href={csv}>{t("audit.csv")}</a> ·{" "}
        <XlsxLink csvHref={csv} />
      </Form>
      <DataTable
        label={t("audit.title")}
        empty={t("audit.none")}
        rows={rows}
        rowKey={(r) => r.seq}
        columns={[
          { header: t("audit.seq"), cell: (r) => r.seq },
          { header: t("audit.at"), cell: (r) => formatDateTime(r.at, lang) },
          { header: t("audit.actor"), cell: (r) => actorWords(r.actor_label, t) },
          { header: t("audit.action"), cell: (r) => actionWords(r.action, t) },
          {
            header: t("audit.entityType"),
            cell: (r) => (
              <>
                {entityWords(r.entity_type, t)}
                {r.entity_id ? <RecordLink type={r.entity_type} id={r.entity_id} /> : null}
              </>
            ),
          },
          {
            header: t("audit.change"),
            cell: (r) =>
              r.before !== null || r.after !== null ? (
                // The recorded data stays one click away, for whoever needs the exact values.
                <details>
                  <summary>{t("audit.details")}</summary>
                  {r.before !== null ? (
                    <>
                      <p className="muted">{t("audit.before")}</p>
                      <pre className="code prewrap">{r.before}</pre>
                    </>
                  ) : null}
                  {r.after !== null ? (
                    <>
                      <p className="muted">{t("audit.after")}</p>
                      <pre className="code prewrap">{r.after}</pre>
                    </>
                  ) : null}
                </details>
              ) : null,
          },
          { header: t("audit.reason"), cell: (r) => reasonInWords(r.reason, t) },
        ]}
      />
      {older ? (
        <p>
          <a href={`/admin/audit?${older}`}>{t("audit.older")}</a>
        </p>
      ) : null}
    </>
  );
}

/** Which record: a link to its page where it has one, its number otherwise (shortened, in full on hover). */
function RecordLink({ type, id }: { type: string; id: string }) {
  const href = recordHref(type, id);
  const short = id.length > 12 ? `${id.slice(0, 8)}…` : id;
  return href ? (
    <>
      {" "}
      <a href={href} title={id} className="code">
        {short}
      </a>
    </>
  ) : (
    <span className="code" title={id}>
      {" "}
      {short}
    </span>
  );
}
