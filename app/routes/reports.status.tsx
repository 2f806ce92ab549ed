import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { coarseNetwork, reportLookupWait } from "#app/rate-limit/rate-limit.server.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { reportStatus } from "#app/report/report.server.ts";
import { Message } from "#app/ui/form-fields.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { titled } from "#app/ui/page-title.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("report.statusTitle");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const ticket = (url.searchParams.get("ticket") ?? "").slice(0, 40);
  if (!ticket) return { ticket, report: null, searched: false, justFiled: false, limited: 0 };
  const limited = await reportLookupWait(coarseNetwork(context.clientIp));
  if (limited) return { ticket, report: null, searched: false, justFiled: false, limited };
  const report = await reportStatus(await getDb(), ticket);
  return { ticket, report: report ?? null, searched: true, justFiled: url.searchParams.get("new") === "1", limited: 0 };
}

export default function ReportStatus() {
  const { ticket, report, searched, justFiled, limited } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("report.statusTitle")}</h1>
      {justFiled && report ? (
        <Message tone="ok" message={{ key: "report.received", params: { ticket: report.ticket } }} />
      ) : null}
      {limited ? <Message tone="error" message={{ key: "error.tooMany.text", params: { seconds: limited } }} /> : null}
      {searched && !report ? <Message tone="error" message={{ key: "report.ticketUnknown" }} /> : null}
      {report ? (
        <Facts>
          <Fact label={t("report.ticket")}>
            <strong>{report.ticket}</strong>
          </Fact>
          <Fact label={t("report.filterStatus")}>
            <strong data-testid="report-status">{t(`report.status.${report.status}`)}</strong>
          </Fact>
          {report.outcome ? <Fact label={t("report.outcome")}>{t(`report.outcome.${report.outcome}`)}</Fact> : null}
          <Fact label={t("report.submittedAt")}>{formatDateTime(report.created_at, lang)}</Fact>
          <Fact label={t("report.updatedAt")}>{formatDateTime(report.updated_at, lang)}</Fact>
        </Facts>
      ) : null}
      <Form method="get" className="stack">
        <div className="field">
          <label htmlFor="ticket">{t("report.ticket")}</label>
          <input id="ticket" name="ticket" defaultValue={ticket} maxLength={40} autoComplete="off" />
        </div>
        <div>
          <button type="submit">{t("report.statusSubmit")}</button>
        </div>
      </Form>
    </>
  );
}
