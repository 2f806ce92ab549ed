import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { DomainError } from "#app/errors.ts";
import { readMultipart } from "#app/forms/upload.server.ts";
import { formAction } from "#app/forms/action.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { planImport, type ImportPlan } from "#app/register-import/register-import.server.ts";
import { confirmImport, type ImportResult } from "#app/register-import/confirm-import.server.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { Message } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("import.title");

const SHOWN_ROWS = 500;
const SHOWN_ISSUES = 1000;

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "regulator", "admin");
  return null;
}

/** What the page shows of a plan: counts, the first issues and rows (a file may hold 20,000). */
function view(plan: ImportPlan, outcome: ImportResult["outcome"] | "preview") {
  return {
    outcome,
    fileName: plan.fileName,
    sha256: plan.sha256,
    counts: plan.counts,
    issueCount: plan.issues.length,
    issues: plan.issues.slice(0, SHOWN_ISSUES),
    rows: plan.rows.slice(0, SHOWN_ROWS),
    alreadyImported: plan.alreadyImported,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  return formAction(readMultipart(request, 1, "file"), async ({ formData, files }) => {
    const file = files[0];
    if (!file) throw new DomainError("import.fileMissing", { field: "file" });
    const db = await getDb();
    if (formData.get("intent") === "confirm") {
      const result = await confirmImport(db, user, file, String(formData.get("sha256") ?? ""));
      return view(result.plan, result.outcome);
    }
    return view(await planImport(db, user, file), "preview");
  });
}

export default function RegisterImport() {
  const result = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const plan = result && "outcome" in result ? result : null;
  const failure = result && "ok" in result ? result : null;
  const refusal = failure ? (failure.formError ?? Object.values(failure.fieldErrors)[0]) : undefined;
  const fileForm = (intent: "preview" | "confirm") => (
    <Form method="post" encType="multipart/form-data" className="stack">
      <input type="hidden" name="intent" value={intent} />
      {intent === "confirm" ? <input type="hidden" name="sha256" value={plan!.sha256} /> : null}
      <div className="field">
        <label htmlFor={`file-${intent}`}>{t("import.file")}</label>
        <input
          id={`file-${intent}`}
          name="file"
          type="file"
          required
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        />
      </div>
      <button type="submit">{t(intent === "confirm" ? "import.confirm" : "import.preview")}</button>
    </Form>
  );
  return (
    <>
      <h1>{t("import.title")}</h1>
      <p>{t("import.intro")}</p>
      <p>
        {t("import.template")}
        {t("punct.colon")}
        <a href="/regulator/import/template.xlsx">{t("import.templateXlsx")}</a> ·{" "}
        <a href="/regulator/import/template.csv">{t("import.templateCsv")}</a>
      </p>
      {refusal ? <Message tone="error" message={refusal} /> : null}
      {plan?.outcome === "imported" ? (
        <Message tone="ok">
          {t("import.done", { create: plan.counts.create, unchanged: plan.counts.unchanged })}
        </Message>
      ) : null}
      {plan?.alreadyImported ? (
        <Message tone="warn">
          {plan.alreadyImported.at
            ? t("import.already", {
                at: formatDateTime(plan.alreadyImported.at, lang),
                by: plan.alreadyImported.by,
              })
            : t("import.alreadyElsewhere")}
        </Message>
      ) : null}
      {plan?.outcome === "notPreviewed" ? <Message tone="warn">{t("import.notPreviewed")}</Message> : null}
      {plan?.outcome === "refused" ? <Message tone="error">{t("import.refused")}</Message> : null}
      {fileForm("preview")}
      {plan && !plan.alreadyImported ? (
        <section aria-labelledby="import-result">
          <h2 id="import-result">{plan.fileName}</h2>
          <p className="muted code">{t("import.sha256", { sha256: plan.sha256 })}</p>
          <p>{t("import.summary", plan.counts)}</p>
          {plan.issueCount ? (
            <div className="alert error" role="alert">
              <p>{t("import.issues", { count: plan.issueCount })}</p>
              <ul>
                {plan.issues.map((issue, i) => (
                  <li key={i}>
                    {issue.row
                      ? t("import.issue", { row: issue.row, column: issue.column, message: t(issue.key, issue.params) })
                      : t(issue.key, issue.params)}
                  </li>
                ))}
              </ul>
            </div>
          ) : plan.outcome === "preview" || plan.outcome === "notPreviewed" ? (
            <>
              <Message tone="ok">{t("import.noIssues")}</Message>
              <p>{t("import.confirmHint")}</p>
              {fileForm("confirm")}
            </>
          ) : null}
          {plan.rows.length ? (
            <DataTable
              caption={t("import.previewTable", { shown: plan.rows.length })}
              rows={plan.rows}
              rowKey={(r) => r.row}
              columns={[
                { header: t("import.row"), cell: (r) => r.row },
                {
                  header: t("import.enterpriseMatch"),
                  cell: (r) => (
                    <>
                      {r.enterpriseName}
                      <br />
                      <span className="muted">
                        {r.existingEnterprise
                          ? t("import.existingEnterprise", { name: r.existingEnterprise })
                          : t("import.newEnterprise")}
                      </span>
                    </>
                  ),
                },
                { header: t("enterprise.uscc"), className: "code", cell: (r) => r.uscc },
                {
                  header: t("dashboard.mark"),
                  cell: (r) => (
                    <>
                      {r.markName} · {t(`route.${r.route}`)} · {r.townshipName}
                    </>
                  ),
                },
                { header: t("register.filterStatus"), cell: (r) => t(`status.${r.status}`) },
                {
                  header: t("import.history"),
                  cell: (r) => (
                    <>
                      {r.activeFrom} {t("status.active")}
                      {r.exitedOn ? ` → ${r.exitedOn} ${t(`status.${r.status}`)}` : ""}
                      {r.exitReason ? ` · ${t(`exit.${r.exitReason}`)}` : ""}
                    </>
                  ),
                },
                { header: t("import.outcome"), cell: (r) => t(`import.outcome.${r.outcome}`) },
              ]}
            />
          ) : null}
        </section>
      ) : null}
    </>
  );
}
