import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "#app/db.server.ts";
import { listMarks } from "#app/mark/mark.server.ts";
import { useT } from "#app/i18n/use-t.ts";

export async function loader(_: LoaderFunctionArgs) {
  const marks = await listMarks(await getDb());
  return { marks };
}

export default function Home() {
  const { marks } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("home.title")}</h1>
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
        </div>
      </section>
      <h2>{t("home.marks")}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("home.markName")}</th>
              <th scope="col">{t("home.markKind")}</th>
              <th scope="col">{t("home.markDivision")}</th>
            </tr>
          </thead>
          <tbody>
            {marks.map((m) => (
              <tr key={m.id}>
                <td>
                  <a href={`/marks/${m.slug}`}>{m.name}</a>
                </td>
                <td>{t(`mark.kind.${m.kind}`)}</td>
                <td>{m.division_name}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
