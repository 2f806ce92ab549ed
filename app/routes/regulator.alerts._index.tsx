import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { alertFilters, listAlerts } from "#app/alert/alert-queue.server.ts";
import { ALERT_KINDS, ANOMALY_RULES } from "#app/alert/kinds.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { explainAlert } from "#app/ui/alert-text.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("alert.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const url = new URL(request.url);
  const filters = alertFilters.parse(Object.fromEntries(url.searchParams));
  return { filters, alerts: await listAlerts(await getDb(), user, filters), csv: `/regulator/alerts.csv${url.search}` };
}

export default function AlertQueue() {
  const { filters, alerts, csv } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("alert.title")}</h1>
      <p>{t("alert.lead")}</p>
      <Form method="get" className="filters">
        <label>
          {t("alert.state")}{" "}
          <select name="state" defaultValue={filters.state}>
            {(["open", "acknowledged", "resolved", "all"] as const).map((s) => (
              <option key={s} value={s}>
                {t(`alert.state.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("alert.kind")}{" "}
          <select name="kind" defaultValue={filters.kind ?? ""}>
            <option value="">{t("alert.any")}</option>
            {ALERT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`flag.kind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("alert.filter")}</button> <a href={csv}>{t("alert.csv")}</a> ·{" "}
        <XlsxLink csvHref={csv} />
      </Form>
      <DataTable
        label={t("alert.title")}
        empty={t("alert.none")}
        rows={alerts}
        rowKey={(a) => a.id}
        columns={[
          {
            header: t("alert.kind"),
            cell: (a) => (
              <>
                <a href={`/regulator/alerts/${a.id}`}>{t(`flag.kind.${a.kind}`)}</a>
                <br />
                <small className="muted">{explainAlert(t, a.kind, a.detail, a.occurrences)}</small>
              </>
            ),
          },
          {
            header: t("alert.subject"),
            cell: (a) => (
              <>
                {a.enterprise_name ?? ""}
                {a.mark_name ? ` · ${a.mark_name}` : ""}
                {a.subject_label && !a.enterprise_name ? <span className="code">{a.subject_label}</span> : null}
              </>
            ),
          },
          { header: t("alert.division"), cell: (a) => a.division_name ?? t("alert.national") },
          { header: t("alert.occurrences"), headerClassName: "nowrap", cell: (a) => a.occurrences, numeric: true },
          { header: t("alert.raised"), className: "nowrap", cell: (a) => formatDateTime(a.raised_at, lang) },
          {
            header: t("alert.state"),
            headerClassName: "nowrap",
            className: "nowrap",
            cell: (a) => t(`alert.state.${a.state}`),
          },
        ]}
      />
      <section aria-labelledby="alert-rules">
        <h2 id="alert-rules">{t("alert.rules")}</h2>
        <ul>
          <li>{t("alert.rule.scan_threshold")}</li>
          <li>{t("alert.rule.inactive_label_scan")}</li>
          <li>{t("alert.rule.scan_before_print")}</li>
          <li>{t("alert.rule.distant_scans", { minutes: ANOMALY_RULES.distantWithinMinutes })}</li>
          <li>
            {t("alert.rule.not_found_burst", {
              n: ANOMALY_RULES.notFoundBurst,
              minutes: ANOMALY_RULES.bucketMinutes * 2,
            })}
          </li>
          <li>{t("alert.rule.unused_24_months")}</li>
          <li>{t("alert.rule.order_above_output", { ratio: ANOMALY_RULES.orderAboveOutputRatio })}</li>
        </ul>
        <p className="muted">{t("alert.rule.lag")}</p>
      </section>
    </>
  );
}
