import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { coarseNetwork, reportLookupWait } from "#app/rate-limit/rate-limit.server.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { reportStatus } from "#app/report/report.server.ts";
import { Message } from "#app/ui/form-fields.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { titled } from "#app/ui/page-title.ts";

export const handle = titled("report.statusTitle");

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
        <dl className="facts">
          <dt>{t("report.ticket")}</dt>
          <dd>
            <strong>{report.ticket}</strong>
          </dd>
          <dt>{t("report.filterStatus")}</dt>
          <dd>
            <strong data-testid="report-status">{t(`report.status.${report.status}`)}</strong>
          </dd>
          {report.outcome ? (
            <>
              <dt>{t("report.outcome")}</dt>
              <dd>{t(`report.outcome.${report.outcome}`)}</dd>
            </>
          ) : null}
          <dt>{t("report.submittedAt")}</dt>
          <dd>{formatDateTime(report.created_at, lang)}</dd>
          <dt>{t("report.updatedAt")}</dt>
          <dd>{formatDateTime(report.updated_at, lang)}</dd>
        </dl>
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
