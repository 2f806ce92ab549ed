import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { dashboard } from "#app/oversight/dashboard.server.ts";
import { LABEL_FLOWS, REPORT_HANDLING_WORKING_DAYS, VERDICTS } from "#app/oversight/figures.ts";
import { dashboardQuery } from "#app/oversight/dashboard-query.ts";
import { BarChart, TargetBar } from "#app/ui/charts.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { SupervisionTools } from "#app/ui/supervision-tools.tsx";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("dashboard.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "admin");
  const { mark } = dashboardQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  const d = await dashboard(await getDb(), user, { markSlug: mark });
  if (!d) throw notFound();
  const desk = may(user, "desk.use", null);
  return { ...d, division: desk ? user.divisionName : null, desk };
}

const percent = (v: number | null) => (v === null ? "—" : `${Math.round(v * 1000) / 10}%`);

export default function Dashboard() {
  const d = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const q = d.selected ? `&mark=${d.selected.slug}` : "";
  const csv = (chart: string) => `/regulator/dashboard.csv?chart=${chart}${q}`;
  const cards = [
    {
      label: t("dashboard.activeUsers"),
      value: d.total.target
        ? t("dashboard.targetLabel", {
            value: d.total.active,
            target: d.total.target,
            share: percent(d.total.active / d.total.target),
          })
        : String(d.total.active),
    },
    { label: t("dashboard.usageRate"), value: percent(d.total.usageRate), hint: t("dashboard.usageRateHint") },
    { label: t("dashboard.openFlags"), value: String(d.counts.openFlags), href: "/regulator/alerts" },
    { label: t("dashboard.openReports"), value: String(d.counts.openReports), href: "/regulator/reports" },
    {
      label: t("dashboard.overdueReports", { days: REPORT_HANDLING_WORKING_DAYS }),
      value: String(d.counts.overdueReports),
      href: "/regulator/reports",
    },
    {
      label: t("dashboard.overdueReviews"),
      value: String(d.counts.overdueReviews),
      href: d.desk ? "/regulator" : undefined,
    },
    {
      label: t("dashboard.missingAnnual", { year: d.counts.missingAnnualYear }),
      value: String(d.counts.missingAnnualReports),
      href: `/regulator/annual-reports?year=${d.counts.missingAnnualYear}`,
    },
  ];
  return (
    <>
      <h1>{t("dashboard.title")}</h1>
      <p>
        {d.division
          ? t("dashboard.scope", { division: d.division, today: d.today })
          : t("dashboard.scopeAll", { today: d.today })}
      </p>
      <Form method="get" className="filters">
        <label>
          {t("dashboard.mark")}{" "}
          <select name="mark" defaultValue={d.selected?.slug ?? ""}>
            <option value="">{t("dashboard.allMarks")}</option>
            {d.marks.map((m) => (
              <option key={m.slug} value={m.slug}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{t("dashboard.show")}</button>{" "}
        <a href={`/regulator/supervision-report?year=${d.year - 1}`}>{t("dashboard.exportReport")}</a>
      </Form>
      {d.desk ? <SupervisionTools /> : null}
      <ul className="cards">
        {cards.map((c) => (
          <li key={c.label}>
            <span className="card-label">{c.label}</span>
            <strong className="card-value">{c.href ? <a href={c.href}>{c.value}</a> : c.value}</strong>
            {c.hint ? <small className="muted">{c.hint}</small> : null}
          </li>
        ))}
      </ul>

      <section aria-labelledby="per-mark">
        <h2 id="per-mark">{t("dashboard.perMark")}</h2>
        <DataTable
          label={t("dashboard.perMark")}
          rows={d.perMark}
          rowKey={(m) => m.slug}
          columns={[
            {
              header: t("dashboard.mark"),
              rowHeader: true,
              cell: (m) => <a href={`/regulator/dashboard?mark=${m.slug}`}>{m.name}</a>,
              foot: t("dashboard.total"),
            },
            { header: t("dashboard.activeUsers"), cell: (m) => m.active, foot: d.total.active },
            {
              header: t("dashboard.target"),
              cell: (m) =>
                m.target === null
                  ? "—"
                  : m.targetYear
                    ? t("dashboard.targetWithYear", { target: m.target, year: m.targetYear })
                    : m.target,
              foot: d.total.target ?? "—",
            },
            {
              header: t("dashboard.targetShare"),
              cell: (m) => {
                const share = m.target ? m.active / m.target : null;
                const label = m.target
                  ? t("dashboard.targetLabel", { value: m.active, target: m.target, share: percent(share) })
                  : t("dashboard.noTarget");
                return (
                  <>
                    <TargetBar value={m.active} target={m.target} label={label} /> {percent(share)}
                  </>
                );
              },
              foot: d.total.target ? percent(d.total.active / d.total.target) : "—",
            },
            { header: t("dashboard.usageRate"), cell: (m) => percent(m.usageRate), foot: percent(d.total.usageRate) },
            {
              header: t("dashboard.enteredThisYear", { year: d.year }),
              cell: (m) => m.enteredThisYear,
              foot: d.total.enteredThisYear,
            },
            {
              header: t("dashboard.exitedThisYear", { year: d.year }),
              cell: (m) => m.exitedThisYear,
              foot: d.total.exitedThisYear,
            },
          ]}
        />
        <p>
          <a href={csv("marks")}>{t("chart.csv", { title: t("dashboard.perMark") })}</a> ·{" "}
          <XlsxLink csvHref={csv("marks")} />
        </p>
      </section>

      <BarChart
        id="chart-years"
        title={t("dashboard.years")}
        categoryLabel={t("dashboard.year")}
        categories={d.years.map((y) => String(y.year))}
        series={[
          { key: "entered", label: t("dashboard.entered") },
          { key: "exited", label: t("dashboard.exited") },
        ]}
        values={{ entered: d.years.map((y) => y.entered), exited: d.years.map((y) => y.exited) }}
        csvHref={csv("years")}
      />
      <BarChart
        id="chart-months"
        title={t("dashboard.months")}
        categoryLabel={t("dashboard.month")}
        categories={d.months.map((m) => m.month)}
        ticks={d.months.map((m) => m.month.slice(2))}
        series={LABEL_FLOWS.map((f) => ({ key: f, label: t(`dashboard.flow.${f}`) }))}
        values={Object.fromEntries(LABEL_FLOWS.map((f) => [f, d.months.map((m) => m[f])]))}
        csvHref={csv("months")}
      />
      <BarChart
        id="chart-days"
        title={t("dashboard.days")}
        categoryLabel={t("dashboard.day")}
        categories={d.days.map((x) => x.day)}
        ticks={d.days.map((x) => x.day.slice(5))}
        series={VERDICTS.map((v) => ({ key: v, label: t(`verify.verdict.${v}`) }))}
        values={Object.fromEntries(VERDICTS.map((v) => [v, d.days.map((x) => x[v])]))}
        stacked
        csvHref={csv("days")}
      />
      <p className="muted">
        {d.scansAsOf ? t("dashboard.scansAsOf", { at: formatDateTime(d.scansAsOf, lang) }) : t("dashboard.scansNotYet")}{" "}
        {d.desk ? t("dashboard.unattributed") : null}
      </p>
      <section aria-labelledby="definitions">
        <h2 id="definitions">{t("dashboard.definitions")}</h2>
        <ul>
          <li>{t("dashboard.def.users")}</li>
          <li>{t("dashboard.def.usage", { since: d.since12Months })}</li>
          <li>{t("dashboard.def.flows")}</li>
          <li>{t("dashboard.def.years")}</li>
        </ul>
      </section>
    </>
  );
}
