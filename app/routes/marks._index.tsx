import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getDb } from "#app/db.server.ts";
import { listMarks } from "#app/mark/mark.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("register.publicTitle");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader(_: LoaderFunctionArgs) {
  return { marks: await listMarks(await getDb()) };
}

export default function Marks() {
  const { marks } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{t("register.publicTitle")}</h1>
      <ul>
        {marks.map((m) => (
          <li key={m.id}>
            <a href={`/marks/${m.slug}`}>{m.name}</a>{" "}
            <span className="muted">
              {t(`mark.kind.${m.kind}`)} · {m.division_name}
            </span>
          </li>
        ))}
      </ul>
      <CsvLink href="/export/marks" />
      <p>
        <a href="/announcements">{t("announcement.list")}</a>
      </p>
    </>
  );
}
