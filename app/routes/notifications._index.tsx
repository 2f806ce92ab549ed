import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readForm } from "#app/forms/form.server.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import type { Params } from "#app/i18n/i18n.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { inboxOf, markAllRead } from "#app/notification/inbox.server.ts";
import { REMINDER_KINDS, type NotificationKind } from "#app/notification/kinds.ts";
import { messageKeys, paramsOf } from "#app/notification/message.ts";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("notification.inbox.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rows = await inboxOf(await getDb(), user);
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind as NotificationKind,
      params: paramsOf(r.kind, r.params) as Params,
      keys: messageKeys(r.kind, paramsOf(r.kind, r.params)),
      link: r.link,
      at: r.created_at.toISOString(),
      unread: r.read_at === null,
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  await readForm(request);
  await markAllRead(await getDb(), user);
  throw redirect("/notifications?notice=notification.inbox.markedRead");
}

export default function Inbox() {
  const { items } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  const unread = items.filter((i) => i.unread).length;
  return (
    <>
      <h1>{t("notification.inbox.title")}</h1>
      <p>
        <Link to="/notifications/settings">{t("notification.prefs.title")}</Link>
      </p>
      {items.length === 0 ? (
        <p>{t("notification.inbox.empty")}</p>
      ) : (
        <>
          {unread > 0 ? (
            <Form method="post">
              <p>
                {t("notification.inbox.unread", { n: unread })}{" "}
                <button className="linkish" type="submit">
                  {t("notification.inbox.markAllRead")}
                </button>
              </p>
            </Form>
          ) : null}
          <ul className="stack notification-list">
            {items.map((item) => (
              <li key={item.id} className={item.unread ? "notification unread" : "notification"}>
                <h2>
                  {item.unread ? <span className="badge">{t("notification.inbox.new")}</span> : null}{" "}
                  {REMINDER_KINDS.includes(item.kind) ? (
                    <span className="badge">{t("notification.inbox.reminder")}</span>
                  ) : null}{" "}
                  {t(item.keys.subject, item.params)}
                </h2>
                <p>{t(item.keys.body, item.params)}</p>
                <p>{t(item.keys.next, item.params)}</p>
                <p className="muted">
                  {formatDateTime(item.at, lang)} ·{" "}
                  <Link to={`/notifications/${item.id}`}>{t("notification.inbox.open")}</Link>
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
