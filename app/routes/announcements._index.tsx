import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { listAnnouncements } from "#app/authorization/announcement.server.ts";
import { getDb } from "#app/db.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("announcement.list");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader(_: LoaderFunctionArgs) {
  return { announcements: await listAnnouncements(await getDb()) };
}

export default function Announcements() {
  const { announcements } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("announcement.list")}</h1>
      {announcements.length === 0 ? (
        <p>{t("announcement.nothing")}</p>
      ) : (
        <ul>
          {announcements.map((a) => (
            <li key={a.id}>
              <a href={`/announcements/${a.id}`}>
                {a.number} {a.title}
              </a>{" "}
              <span className="muted">
                {a.published_on} · {a.division_name}
              </span>
            </li>
          ))}
        </ul>
      )}
      <CsvLink href="/export/announcements" />
    </>
  );
}
