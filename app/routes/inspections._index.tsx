import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { listCampaigns } from "#app/inspection/inspection.server.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";

export const handle = titled("inspection.publicTitle");

export async function loader(_: LoaderFunctionArgs) {
  return { campaigns: await listCampaigns(await getDb()) };
}

export default function PublicInspections() {
  const { campaigns } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("inspection.publicTitle")}</h1>
      <p>{t("inspection.lead")}</p>
      <CsvLink href="/export/inspections" />
      {campaigns.length === 0 ? (
        <p className="muted">{t("inspection.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("inspection.number")}</th>
                <th scope="col">{t("inspection.titleField")}</th>
                <th scope="col">{t("inspection.division")}</th>
                <th scope="col">{t("inspection.createdAt")}</th>
                <th scope="col">{t("inspection.result")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td className="code">{c.number}</td>
                  <td>
                    <a href={`/inspections/${c.id}`}>{c.title}</a>
                  </td>
                  <td>{c.division_name}</td>
                  <td>{formatDateTime(c.created_at, lang)}</td>
                  <td>{t("inspection.progress", { inspected: c.inspected, targets: c.targets, failed: c.failed })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
