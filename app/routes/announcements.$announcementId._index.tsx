import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound } from "#app/accounts/auth.server.ts";
import { findAnnouncement } from "#app/authorization/announcement.server.ts";
import { getDb } from "#app/db.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { idParam } from "#app/http/params.ts";
import { XlsxLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";

export const handle = titled<typeof loader>((_t, d) => d.announcement.title);

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
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t("enterprise.name")}</th>
                    <th scope="col">{t("enterprise.uscc")}</th>
                    <th scope="col">{t("apply.mark")}</th>
                    <th scope="col">{t("authz.since")}</th>
                    <th scope="col">{t("authz.exitReason")}</th>
                  </tr>
                </thead>
                <tbody>
                  {section.rows.map((r) => (
                    <tr key={`${r.enterprise_id}-${r.mark_slug}-${r.action}`}>
                      <td>
                        <a href={`/registry/enterprises/${r.enterprise_id}`}>{r.enterprise_name}</a>
                      </td>
                      <td className="code">{r.uscc}</td>
                      <td>
                        <a href={`/marks/${r.mark_slug}`}>{r.mark_name}</a>
                      </td>
                      <td>{r.effective_on}</td>
                      <td>
                        {r.action === "activate"
                          ? "—"
                          : r.exit_reason
                            ? t(`exit.${r.exit_reason}`)
                            : t(`status.${r.to_status}`)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        ))}
    </article>
  );
}
