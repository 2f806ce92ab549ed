import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "#app/accounts/auth.server.ts";
import { publicEnterprise } from "#app/authorization/register.server.ts";
import { getDb } from "#app/db.server.ts";
import { isMessageKey } from "#app/i18n/i18n.ts";
import { useT } from "#app/i18n/use-t.ts";
import { idParam } from "#app/http/params.ts";
import { titled } from "#app/ui/page-title.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((_t, d) => d.enterprise.name);

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await publicEnterprise(await getDb(), idParam(params, "enterpriseId"));
  if (!found) throw notFound();
  return found;
}

export default function PublicEnterprise() {
  const { enterprise, events } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <>
      <h1>{enterprise.name}</h1>
      <Facts>
        <Fact label={t("enterprise.uscc")} className="code">
          {enterprise.uscc}
        </Fact>
        <Fact label={t("enterprise.division")}>{enterprise.division_name}</Fact>
      </Facts>
      <h2>{t("register.timeline")}</h2>
      {events.length === 0 ? (
        <p>{t("authz.none")}</p>
      ) : (
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.id}>
              <strong>{e.effective_on}</strong> · <a href={`/marks/${e.mark_slug}`}>{e.mark_name}</a> ·{" "}
              {isMessageKey(`action.${e.action}`) ? t(`action.${e.action}` as "action.submit") : e.action} →{" "}
              {t(`status.${e.to_status}`)}
              {e.exit_reason && ["cancel", "withdraw", "expire", "announce_exit"].includes(e.action)
                ? ` · ${t(`exit.${e.exit_reason}`)}`
                : ""}
              {e.announcement_id ? (
                <>
                  {" "}
                  · <a href={`/announcements/${e.announcement_id}`}>{e.announcement_number}</a>
                </>
              ) : null}
              {e.import_file ? (
                <span className="muted">
                  {" "}
                  ·{" "}
                  {t("import.source", {
                    file: e.import_file,
                    hash: e.import_sha256!.slice(0, 12),
                    by: e.imported_by ?? "",
                  })}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
