import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readForm } from "#app/forms/form.server.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { isNotificationKind } from "#app/notification/kinds.ts";
import { listOutbox, mailServerConfigured, retryMail } from "#app/notification/outbox.server.ts";
import { ErrorSummary } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("outbox.title");

const retrySchema = z.object({ id: z.string().uuid({ message: "form.invalid" }) });

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const { rows, counts } = await listOutbox(await getDb());
  return {
    // Without a mail server nothing leaves the queue: the page says so rather than look stuck.
    mailServer: mailServerConfigured(),
    counts: {
      pending: counts.pending ?? 0,
      sending: counts.sending ?? 0,
      sent: counts.sent ?? 0,
      failed: counts.failed ?? 0,
    },
    rows: rows.map((r) => ({
      id: r.id,
      kind: isNotificationKind(r.kind) ? r.kind : null,
      to: r.to_address,
      state: r.state,
      attempts: r.attempts,
      next: r.state === "sent" || r.state === "failed" ? null : r.next_attempt_at.toISOString(),
      error: r.last_error,
      created: r.created_at.toISOString(),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  return formAction(readForm(request), async (formData) => {
    const { id } = formInput(formData, retrySchema);
    await retryMail(await getDb(), user, id);
    return "/admin/mail?notice=outbox.retried";
  });
}

export default function MailQueue() {
  const { rows, counts, mailServer } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("outbox.title")}</h1>
      {mailServer ? null : (
        <p className="alert warn" role="status">
          {t("outbox.noMailServer")}
        </p>
      )}
      <p>{t("outbox.counts", counts)}</p>
      <ErrorSummary failure={failure} labels={{}} />
      {rows.length === 0 ? (
        <p>{t("outbox.empty")}</p>
      ) : (
        <DataTable
          label={t("outbox.title")}
          rows={rows}
          rowKey={(r) => r.id}
          columns={[
            { header: t("outbox.column.created"), cell: (r) => formatDateTime(r.created, lang) },
            {
              header: t("outbox.column.kind"),
              cell: (r) => (
                <Link to={`/admin/mail/${r.id}`}>{r.kind ? t(`notification.kind.${r.kind}`) : t("outbox.read")}</Link>
              ),
            },
            { header: t("outbox.column.to"), cell: (r) => r.to },
            {
              header: t("outbox.column.state"),
              cell: (r) => (
                <>
                  {t(`outbox.state.${r.state}`)}
                  {r.state === "failed" ? (
                    <Form method="post">
                      <input type="hidden" name="id" value={r.id} />
                      <button className="linkish" type="submit">
                        {t("outbox.retry")}
                      </button>
                    </Form>
                  ) : null}
                </>
              ),
            },
            { header: t("outbox.column.attempts"), cell: (r) => r.attempts },
            { header: t("outbox.column.next"), cell: (r) => (r.next ? formatDateTime(r.next, lang) : "—") },
            { header: t("outbox.column.error"), cell: (r) => r.error ?? "—" },
          ]}
        />
      )}
    </>
  );
}
