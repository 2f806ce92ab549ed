import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { thisYear, yearFrom } from "#app/calendar/year-query.ts";
import {
  calendarDaySchema,
  calendarRemoveSchema,
  calendarYear,
  firstYearMissing,
  removeCalendarDay,
  setCalendarDays,
} from "#app/calendar/work-calendar.server.ts";
import { getDb } from "#app/db.server.ts";
import { readForm } from "#app/forms/form.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { ErrorSummary, Message, TextField } from "#app/ui/form-fields.tsx";
import { SelectField } from "#app/ui/select-field.tsx";
import { formatDateTime } from "#app/i18n/format.ts";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { ActionCard } from "#app/ui/action-card.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("calendar.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const db = await getDb();
  const [calendar, missing] = await Promise.all([calendarYear(db, yearFrom(request, thisYear)), firstYearMissing(db)]);
  const saved = url.searchParams.get("saved");
  return { ...calendar, missing, saved: saved ? Number(saved) : null, removed: url.searchParams.get("removed") };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const db = await getDb();
  return formAction(readForm(request), async (formData) => {
    if (formData.get("intent") === "remove") {
      const { day } = formInput(formData, calendarRemoveSchema);
      await removeCalendarDay(db, user, day);
      return `/admin/calendar?year=${day.slice(0, 4)}&removed=${day}`;
    }
    const input = formInput(formData, calendarDaySchema);
    const count = await setCalendarDays(db, user, input);
    return `/admin/calendar?year=${input.from.slice(0, 4)}&saved=${count}`;
  });
}

export default function WorkCalendarPage() {
  const { year, days, missing, saved, removed } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const lang = useLang();
  const weekday = new Intl.DateTimeFormat(lang, { weekday: "short", timeZone: "UTC" });
  const labels = {
    from: t("calendar.from"),
    to: t("calendar.to"),
    working: t("calendar.kind"),
    name: t("calendar.name"),
    day: t("calendar.day"),
  };
  return (
    <>
      <h1>{t("calendar.title")}</h1>
      <p>{t("calendar.lead")}</p>
      {missing ? <Message tone="warn" message={{ key: "calendar.missing", params: { year: missing } }} /> : null}
      {saved !== null ? <Message tone="ok" message={{ key: "calendar.saved", params: { count: saved } }} /> : null}
      {removed ? <Message tone="ok" message={{ key: "calendar.removed", params: { day: removed } }} /> : null}
      <Form method="get" className="search-row">
        <TextField
          name="year"
          label={t("calendar.year")}
          type="number"
          defaultValue={String(year)}
          inputMode="numeric"
        />
        <div>
          <button type="submit">{t("calendar.show")}</button>
        </div>
      </Form>
      <h2>
        {t("calendar.title")} · {year}
      </h2>
      <DataTable
        label={t("calendar.title")}
        empty={t("calendar.none")}
        rows={days}
        rowKey={(d) => d.day}
        columns={[
          {
            header: labels.day,
            className: "nowrap",
            cell: (d) => (
              <>
                {d.day} {weekday.format(new Date(`${d.day}T00:00:00Z`))}
              </>
            ),
          },
          { header: labels.working, cell: (d) => t(d.working ? "calendar.kind.working" : "calendar.kind.holiday") },
          { header: labels.name, cell: (d) => d.name },
          {
            header: t("calendar.updated"),
            cell: (d) =>
              d.updated_by_name
                ? `${d.updated_by_name} · ${formatDateTime(d.updated_at, lang)}`
                : t("calendar.fromNotice"),
          },
          {
            header: <span className="visually-hidden">{t("calendar.remove")}</span>,
            cell: (d) => (
              <Form method="post">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="day" value={d.day} />
                <button className="secondary" type="submit" aria-label={`${t("calendar.remove")} ${d.day}`}>
                  {t("calendar.remove")}
                </button>
              </Form>
            ),
          },
        ]}
      />
      <ActionCard
        title={t("calendar.new")}
        heading="h2"
        headingId="calendar-new"
        explanation={<ErrorSummary failure={failure} labels={labels} />}
        hidden={{ intent: "set" }}
        submit={t("calendar.save")}
        failure={failure}
      >
        <TextField name="from" label={labels.from} type="date" required />
        <TextField name="to" label={labels.to} hint={t("calendar.toHint")} type="date" />
        <SelectField name="working" label={labels.working} required defaultValue="holiday">
          <option value="holiday">{t("calendar.kind.holiday")}</option>
          <option value="working">{t("calendar.kind.working")}</option>
        </SelectField>
        <TextField name="name" label={labels.name} hint={t("calendar.namePlaceholder")} required maxLength={100} />
      </ActionCard>
    </>
  );
}
