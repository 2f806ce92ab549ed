import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "#app/db.server.ts";
import { listMarks } from "#app/mark/mark.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { isProduction } from "#app/env.server.ts";
import { demoScanCodes } from "#app/demo/demo-labels.server.ts";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("nav.home");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader(_: LoaderFunctionArgs) {
  const db = await getDb();
  const [marks, demoCodes] = await Promise.all([listMarks(db), isProduction() ? null : demoScanCodes(db)]);
  return { marks, demoCodes };
}

export default function Home() {
  const { marks, demoCodes } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("home.title")}</h1>
      {/* A shopper with a phone comes for one thing: checking a code. It leads the page. */}
      <section className="card check-first" aria-labelledby="check-code">
        <h2 id="check-code">{t("home.checkCode")}</h2>
        <p>{t("home.checkCodeLead")}</p>
        <p>
          <a className="button" href="/v">
            {t("home.checkCode")}
          </a>
        </p>
      </section>
      <p className="lead">{t("home.lead")}</p>
      <p>
        <a className="button" href="/register">
          {t("home.registerCta")}
        </a>{" "}
        <a href="/login">{t("home.loginCta")}</a>
      </p>
      <section className="cards" aria-label={t("app.name")}>
        <div className="card">
          <h2>{t("home.forEnterprise")}</h2>
          <p>{t("home.forEnterpriseText")}</p>
        </div>
        <div className="card">
          <h2>{t("home.forRegulator")}</h2>
          <p>{t("home.forRegulatorText")}</p>
        </div>
        <div className="card">
          <h2>{t("home.forPublic")}</h2>
          <p>{t("home.forPublicText")}</p>
          <p>
            <a href="/v">{t("verify.manualTitle")}</a> · <a href="/reports/status">{t("report.statusTitle")}</a>
          </p>
        </div>
      </section>
      {demoCodes ? (
        <section aria-labelledby="demo-scans">
          <h2 id="demo-scans">{t("home.demoScans")}</h2>
          <ul>
            {Object.entries(demoCodes).map(([verdict, code]) => (
              <li key={verdict}>
                <a href={`/v/${code}`}>{t(`verify.verdict.${verdict as "genuine"}`)}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <h2>{t("home.marks")}</h2>
      <DataTable
        label={t("home.marks")}
        rows={marks}
        rowKey={(m) => m.id}
        columns={[
          { header: t("home.markName"), cell: (m) => <a href={`/marks/${m.slug}`}>{m.name}</a> },
          { header: t("home.markKind"), cell: (m) => t(`mark.kind.${m.kind}`) },
          { header: t("home.markDivision"), cell: (m) => m.division_name },
        ]}
      />
    </>
  );
}
