import type { LoaderFunctionArgs } from "@remix-run/node";
import { discrepancyWords } from "#app/label/discrepancies.ts";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { ledgerSummary } from "#app/label/ledger-summary.server.ts";

import { FIGURES, ledgerQuery as query } from "#app/label/ledger-query.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("labels.ledgerTitle");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator", "enterprise", "admin");
  const { by } = query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const byDivision = may(user, "ledger.byDivision", null);
  const rows = await ledgerSummary(await getDb(), user, by === "division" && !byDivision ? "order" : by);
  return { rows, by, byDivision };
}

export default function Ledger() {
  const { rows, by, byDivision } = useLoaderData<typeof loader>();
  const t = useT();
  const groupings = byDivision ? (["order", "enterprise", "division"] as const) : (["order", "enterprise"] as const);
  return (
    <>
      <h1>{t("labels.ledgerTitle")}</h1>
      <nav aria-label={t("labels.ledgerGroup")}>
        {groupings.map((g) => (
          <a key={g} href={`/ledger?by=${g}`} aria-current={g === by ? "page" : undefined} className="tab">
            {t(`labels.by.${g}`)}
          </a>
        ))}{" "}
        · <a href={`/ledger.csv?by=${by}`}>{t("announcement.csv")}</a> · <XlsxLink csvHref={`/ledger.csv?by=${by}`} />
      </nav>
      <DataTable
        label={t("labels.ledgerTitle")}
        rows={rows}
        rowKey={(r) => r.key}
        rowClassName={(r) => (r.discrepancies.length ? "overdue" : undefined)}
        columns={[
          {
            header: t("labels.ledgerGroup"),
            rowHeader: true,
            cell: (r) => (
              <>
                {r.label}
                {r.discrepancies.length ? (
                  <div className="overdue">
                    ⚠ {t("labels.discrepancy", { items: discrepancyWords(r.discrepancies, t) })}
                  </div>
                ) : null}
              </>
            ),
          },
          ...FIGURES.map((f) => ({
            header: t(`labels.${f}`),
            cell: (r: (typeof rows)[number]) => r[f],
            numeric: true,
          })),
        ]}
      />
    </>
  );
}
