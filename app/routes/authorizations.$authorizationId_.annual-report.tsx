import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { annualReportSchema, fileAnnualReport, reportFormFor } from "#app/annual-report/annual-report.server.ts";
import { yearFrom } from "#app/calendar/year-query.ts";
import { getDb } from "#app/db.server.ts";
import { readForm } from "#app/forms/form.server.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { ErrorSummary, TextAreaField, TextField } from "#app/ui/form-fields.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { idParam } from "#app/http/params.ts";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((t, d) => t("annualReport.fileTitle", { year: d.year }));

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const year = yearFrom(request);
  const form = await reportFormFor(await getDb(), user, idParam(params, "authorizationId"), year);
  if (!form) throw notFound();
  return {
    ...form,
    year,
    canFile: may(user, "annualReport.file", { owes: form.authorization.owes, year }),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return formAction(readForm(request), async (formData) => {
    const input = formInput(formData, annualReportSchema);
    const id = idParam(params, "authorizationId");
    await fileAnnualReport(await getDb(), user, id, input);
    return `/authorizations/${id}?done=annual_report`;
  });
}

export default function AnnualReportPage() {
  const { authorization, report, ledger, dueOn, state, year, canFile } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const labels = {
    year: t("annualReport.year"),
    outputQuantity: t("annualReport.outputQuantity"),
    outputUnit: t("annualReport.outputUnit"),
    salesAmount: t("annualReport.salesAmount"),
    markets: t("annualReport.markets"),
    note: t("annualReport.note"),
  };
  return (
    <>
      <p>
        <a href={`/authorizations/${authorization.id}`}>
          ← {authorization.enterprise_name} · {authorization.mark_name}
        </a>
      </p>
      <h1>{t("annualReport.fileTitle", { year })}</h1>
      <Facts>
        <Fact label={t("annualReport.dueOn")}>{dueOn}</Fact>
        <Fact label={t("annualReport.state")}>
          <strong>{t(`annualReport.state.${state}`)}</strong>
          {report
            ? ` · ${t("annualReport.filedAt", { at: formatDateTime(report.filed_at, lang) })}${report.amended_at ? t("annualReport.amendedAt", { at: formatDateTime(report.amended_at, lang) }) : ""}`
            : null}
        </Fact>
        <Fact label={t("annualReport.labelsCollected")}>{report ? report.labels_collected : ledger.collected}</Fact>
        <Fact label={t("annualReport.labelsVoided")}>{report ? report.labels_voided : ledger.voided}</Fact>
      </Facts>
      <p className="muted">{t("annualReport.ledgerNote", { year })}</p>
      <ErrorSummary failure={failure} labels={labels} />
      {canFile ? (
        <Form method="post" className="stack" noValidate>
          <input type="hidden" name="year" value={year} />
          <input type="hidden" name="version" value={report?.version ?? 0} />
          <TextField
            name="outputQuantity"
            label={labels.outputQuantity}
            required
            failure={failure}
            inputMode="numeric"
            maxLength={20}
            defaultValue={report?.output_quantity ?? undefined}
            hint={authorization.annual_output}
          />
          <TextField
            name="outputUnit"
            label={labels.outputUnit}
            hint={t("annualReport.outputUnitHint")}
            required
            failure={failure}
            maxLength={10}
            defaultValue={report?.output_unit ?? undefined}
          />
          <TextField
            name="salesAmount"
            label={labels.salesAmount}
            required
            failure={failure}
            inputMode="numeric"
            maxLength={20}
            defaultValue={report?.sales_amount ?? undefined}
          />
          <TextAreaField
            name="markets"
            label={labels.markets}
            hint={t("annualReport.marketsHint")}
            required
            failure={failure}
            maxLength={500}
            rows={2}
            defaultValue={report?.markets ?? undefined}
          />
          <TextAreaField
            name="note"
            label={labels.note}
            failure={failure}
            maxLength={1000}
            rows={2}
            defaultValue={report?.note ?? undefined}
          />
          <div>
            <button type="submit" className="primary">
              {report ? t("annualReport.amend") : t("annualReport.submit")}
            </button>
          </div>
        </Form>
      ) : report ? (
        <Facts>
          <Fact label={labels.outputQuantity}>
            {report.output_quantity} {report.output_unit}
          </Fact>
          <Fact label={labels.salesAmount}>{report.sales_amount}</Fact>
          <Fact label={labels.markets}>{report.markets}</Fact>
          {report.note ? <Fact label={labels.note}>{report.note}</Fact> : null}
        </Facts>
      ) : null}
    </>
  );
}
