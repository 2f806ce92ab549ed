import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { forbidden, notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { isProduction } from "#app/env.server.ts";
import { idParam } from "#app/http/params.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { isNotificationKind } from "#app/notification/kinds.ts";
import { mailAsSent } from "#app/notification/outbox.server.ts";
import { may } from "#app/permission/permissions.ts";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((t, d) => t("outbox.message.title", { subject: d.message.subject }));

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (!may(user, "mail.read", null)) throw forbidden();
  const message = await mailAsSent(await getDb(), idParam(params, "mailId"));
  if (!message) throw notFound();
  return {
    message: {
      ...message,
      kind: isNotificationKind(message.kind) ? message.kind : null,
      createdAt: message.createdAt.toISOString(),
      sentAt: message.sentAt?.toISOString() ?? null,
    },
    // In a demo without SMTP this page is how a visitor reads their own confirmation mail.
    demo: !isProduction(),
  };
}

export default function MailMessage() {
  const { message, demo } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <p>
        <Link to="/admin/mail">{t("outbox.title")}</Link>
      </p>
      <h1>{t("outbox.message.title", { subject: message.subject })}</h1>
      <p className="muted">{t(demo ? "outbox.message.demoNote" : "outbox.message.note")}</p>
      <dl className="facts">
        <dt>{t("outbox.column.kind")}</dt>
        <dd>{message.kind ? t(`notification.kind.${message.kind}`) : "—"}</dd>
        <dt>{t("outbox.column.to")}</dt>
        <dd>{message.to}</dd>
        <dt>{t("outbox.message.lang")}</dt>
        <dd>{t(`notification.prefs.lang.${message.lang}`)}</dd>
        <dt>{t("outbox.column.state")}</dt>
        <dd>{t(`outbox.state.${message.state}`)}</dd>
        <dt>{t("outbox.column.created")}</dt>
        <dd>{formatDateTime(message.createdAt, lang)}</dd>
        {message.sentAt ? (
          <>
            <dt>{t("outbox.state.sent")}</dt>
            <dd>{formatDateTime(message.sentAt, lang)}</dd>
          </>
        ) : null}
        <dt>{t("outbox.message.subject")}</dt>
        <dd data-testid="mail-subject">{message.subject}</dd>
        <dt>{t("outbox.message.link")}</dt>
        <dd>
          <a href={message.link}>{message.link}</a>
        </dd>
      </dl>
      <h2>{t("outbox.message.body")}</h2>
      <pre className="mail-text" data-testid="mail-text">
        {message.text}
      </pre>
    </>
  );
}
