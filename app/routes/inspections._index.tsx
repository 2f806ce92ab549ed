import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "#app/db.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { listCampaigns } from "#app/inspection/inspection.server.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("inspection.publicTitle");

export const shouldRevalidate = revalidateAfterEverySubmission;

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
      <DataTable
        label={t("inspection.publicTitle")}
        empty={t("inspection.none")}
        rows={campaigns}
        rowKey={(c) => c.id}
        columns={[
          { header: t("inspection.number"), cell: (c) => c.number, className: "code" },
          { header: t("inspection.titleField"), cell: (c) => <a href={`/inspections/${c.id}`}>{c.title}</a> },
          { header: t("inspection.division"), cell: (c) => c.division_name },
          { header: t("inspection.createdAt"), cell: (c) => formatDateTime(c.created_at, lang) },
          {
            header: t("inspection.result"),
            cell: (c) => t("inspection.progress", { inspected: c.inspected, targets: c.targets, failed: c.failed }),
          },
        ]}
      />
    </>
  );
}
