import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound } from "#app/accounts/auth.server.ts";
import { findAnnouncement } from "#app/authorization/announcement.server.ts";
import { getDb } from "#app/db.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { idParam } from "#app/http/params.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((_t, d) => d.announcement.title);

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await findAnnouncement(await getDb(), idParam(params, "announcementId"));
  if (!found) throw notFound();
  return found;
}

export default function AnnouncementPage() {
  const { announcement, items } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const entries = items.filter((i) => i.action === "activate");
  const exits = items.filter((i) => i.action !== "activate");
  return (
    <article className="announcement">
      {params.get("published") ? (
        <div className="alert ok no-print" role="status">
          {t("announcement.published")}
        </div>
      ) : null}
      <h1>{announcement.title}</h1>
      <p>
        <strong>{announcement.number}</strong> · {announcement.division_name} · {announcement.published_on}
      </p>
      <p className="no-print">
        <a href={`/announcements/${announcement.id}/export.csv`}>{t("announcement.csv")}</a> ·{" "}
        <XlsxLink csvHref={`/announcements/${announcement.id}/export.csv`} />
      </p>
      {[
        { title: t("announcement.entries"), rows: entries },
        { title: t("announcement.exits"), rows: exits },
      ]
        .filter((s) => s.rows.length)
        .map((section) => (
          <section key={section.title}>
            <h2>{section.title}</h2>
            <DataTable
              label={section.title}
              rows={section.rows}
              rowKey={(r) => `${r.enterprise_id}-${r.mark_slug}-${r.action}`}
              columns={[
                {
                  header: t("enterprise.name"),
                  cell: (r) => <a href={`/registry/enterprises/${r.enterprise_id}`}>{r.enterprise_name}</a>,
                },
                { header: t("enterprise.uscc"), className: "code", cell: (r) => r.uscc },
                { header: t("apply.mark"), cell: (r) => <a href={`/marks/${r.mark_slug}`}>{r.mark_name}</a> },
                { header: t("authz.since"), cell: (r) => r.effective_on },
                {
                  header: t("authz.exitReason"),
                  cell: (r) =>
                    r.action === "activate"
                      ? "—"
                      : r.exit_reason
                        ? t(`exit.${r.exit_reason}`)
                        : t(`status.${r.to_status}`),
                },
              ]}
            />
          </section>
        ))}
    </article>
  );
}
