import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { countUnresolvedAlerts, listAlerts } from "#app/alert/alert-queue.server.ts";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { listVisibleEnterprises } from "#app/enterprise/enterprise.server.ts";
import { listAuthorizations } from "#app/authorization/queries.server.ts";
import { AuthorizationTable } from "#app/ui/authorization-table.tsx";
import { listOrders } from "#app/label/queries.server.ts";
import { LabelOrdersTable } from "#app/ui/label-orders-table.tsx";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { formatDate } from "#app/i18n/format.ts";
import { countOpenReports } from "#app/report/report-case.server.ts";
import { SupervisionTools } from "#app/ui/supervision-tools.tsx";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { firstYearMissing } from "#app/calendar/work-calendar.server.ts";
import { titled } from "#app/ui/page-title.ts";
import { remindersOn } from "#app/notification/inbox.server.ts";
import type { NotificationKind } from "#app/notification/kinds.ts";
import type { MessageKey, Params } from "#app/i18n/i18n.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("regulator.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const db = await getDb();
  const [enterprises, queue, flags, unresolved, orders, reports, calendarMissing, reminders] = await Promise.all([
    listVisibleEnterprises(db, user),
    listAuthorizations(db, user, { open: true }),
    listAlerts(db, user, { state: "open" }, 10),
    countUnresolvedAlerts(db, user),
    listOrders(db, user, { status: ["submitted"] }),
    countOpenReports(db, user),
    firstYearMissing(db),
    remindersOn(db, user, shanghaiDate()),
  ]);
  return {
    divisionName: user.divisionName,
    isApprover: user.isApprover,
    enterprises,
    queue,
    flags,
    unresolved,
    orders,
    openReports: reports,
    calendarMissing,
    reminders: reminders.map((r) => ({
      key: r.event_key,
      kind: r.kind as NotificationKind,
      params: (r.params ?? {}) as Params,
      link: r.link,
      recipients: Number(r.recipients),
    })),
  };
}

export default function RegulatorDesk() {
  const {
    divisionName,
    isApprover,
    enterprises,
    queue,
    flags,
    unresolved,
    orders,
    openReports,
    calendarMissing,
    reminders,
  } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>{t("regulator.title")}</h1>
      <p>
        {t("regulator.division", { division: divisionName ?? "" })}
        {isApprover ? <span className="badge"> {t("role.approver")}</span> : null}
      </p>
      <p className="muted">{t("regulator.scopeNote")}</p>
      <SupervisionTools openReports={openReports} />
      <h2>{t("flag.title")}</h2>
      {flags.length === 0 ? (
        <p className="muted">{t("flag.none")}</p>
      ) : (
        <ul>
          {flags.map((f) => (
            <li key={f.id}>
              ⚠ <a href={`/regulator/alerts/${f.id}`}>{t(`flag.kind.${f.kind}`)}</a> ·{" "}
              {f.enterprise_name ?? f.subject_label ?? t("alert.national")}
              {f.mark_name ? ` · ${f.mark_name}` : ""}{" "}
              {f.authorization_id ? (
                <a href={`/authorizations/${f.authorization_id}`} aria-label={t("alert.authorization")}>
                  →
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/regulator/alerts">{t("alert.more", { n: unresolved })}</a>
      </p>
      <h2>{t("authz.queue")}</h2>
      {calendarMissing ? <p className="muted">{t("calendar.missingForClocks", { year: calendarMissing })}</p> : null}
      <CsvLink href="/export/applications?open=1" />
      <AuthorizationTable rows={queue} showEnterprise label={t("authz.queue")} />
      {isApprover ? (
        <p>
          <a className="button" href="/regulator/announcements/new">
            {t("announcement.new")}
          </a>
        </p>
      ) : null}
      <h2>{t("labels.orders")}</h2>
      <CsvLink href="/export/label-orders" />
      <LabelOrdersTable rows={orders} showEnterprise label={t("labels.orders")} />
      <h2>{t("enterprise.list")}</h2>
      <p className="no-print">
        <a href="/regulator/import">{t("import.title")}</a>
      </p>
      <CsvLink href="/export/enterprises" />
      {enterprises.length === 0 ? (
        <p>{t("enterprise.none")}</p>
      ) : (
        <DataTable
          label={t("enterprise.list")}
          rows={enterprises}
          rowKey={(e) => e.id}
          columns={[
            {
              header: t("enterprise.name"),
              cell: (e) => (
                <>
                  <a href={`/enterprises/${e.id}`}>{e.name}</a>
                  {e.org_code_check_failed ? <span title={t("enterprise.orgCodeFlag")}> ⚠</span> : null}
                </>
              ),
            },
            { header: t("enterprise.uscc"), cell: (e) => e.uscc, className: "code" },
            { header: t("enterprise.division"), cell: (e) => e.division_name },
            { header: t("enterprise.registeredAt"), cell: (e) => formatDate(e.created_at, lang) },
          ]}
        />
      )}
      <h2>{t("reminders.title")}</h2>
      {reminders.length === 0 ? (
        <p>{t("reminders.empty")}</p>
      ) : (
        <ul>
          {reminders.map((r) => (
            <li key={r.key}>
              <a href={r.link}>{t(`notify.${r.kind}.body` as MessageKey, r.params)}</a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
