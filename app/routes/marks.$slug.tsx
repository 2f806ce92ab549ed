import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "#app/accounts/auth.server.ts";
import { authorizedOnQuerySchema, registerQuerySchema } from "#app/authorization/register-query.ts";
import { authorizedOn, findMarkBySlug, registerOfMark } from "#app/authorization/register.server.ts";
import { PUBLIC_STATUSES } from "#app/authorization/lifecycle.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import type { AuthorizationStatus } from "#db/schema.ts";
import { getDb } from "#app/db.server.ts";
import { messageOf } from "#app/forms/form.ts";
import { useT } from "#app/i18n/use-t.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { publicProtectionArea } from "#app/mark/mark.server.ts";
import { formatDate } from "#app/i18n/format.ts";
import { useLang } from "#app/i18n/use-t.ts";
import { titled } from "#app/ui/page-title.ts";
import { DataTable } from "#app/ui/data-table.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((t, d) => `${d.mark.name} · ${t("register.publicTitle")}`);

const PAGE = 50;

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ params, request }: LoaderFunctionArgs) {
  const db = await getDb();
  const mark = await findMarkBySlug(db, params.slug ?? "");
  if (!mark) throw notFound();
  const url = new URL(request.url);
  const query = registerQuerySchema.parse(Object.fromEntries(url.searchParams));
  const register = await registerOfMark(db, mark.id, {
    q: query.q,
    status: query.status as AuthorizationStatus | undefined,
    limit: PAGE,
    offset: (query.page - 1) * PAGE,
  });
  let ask = null;
  if (url.searchParams.has("date")) {
    const parsed = authorizedOnQuerySchema.safeParse({
      uscc: url.searchParams.get("uscc") ?? "",
      mark: mark.slug,
      date: url.searchParams.get("date") ?? "",
    });
    ask = parsed.success
      ? {
          ok: true as const,
          date: parsed.data.date,
          answer: await authorizedOn(db, { uscc: parsed.data.uscc, markSlug: mark.slug, date: parsed.data.date }),
        }
      : { ok: false as const, error: messageOf(parsed.error.issues[0]?.message ?? "form.invalid") };
  }
  return {
    mark,
    area: await publicProtectionArea(db, mark.id),
    register,
    query,
    ask,
    today: shanghaiDate(),
    pages: Math.max(1, Math.ceil(register.total / PAGE)),
    values: Object.fromEntries(url.searchParams),
  };
}

export default function MarkRegister() {
  const { mark, area, register, query, ask, today, pages, values } = useLoaderData<typeof loader>();
  const t = useT();
  const lang = useLang();
  return (
    <>
      <h1>
        {mark.name} · {t("register.publicTitle")}
      </h1>
      <p className="muted">
        {t(`mark.kind.${mark.kind}`)} · {mark.division_name}
        {mark.legal_basis ? ` · ${mark.legal_basis}` : ""}
        {mark.standard_code ? ` · ${mark.standard_code}` : ""}
      </p>
      {mark.quality_requirements ? <p>{mark.quality_requirements}</p> : null}
      {mark.quality_document_id ? (
        <p>
          <a href={`/marks/${mark.slug}/quality`}>{t("mark.qualityDocument")}</a>
        </p>
      ) : null}
      <form method="get" className="search-row" role="search">
        <div className="field">
          <label htmlFor="q">{t("register.search")}</label>
          <input id="q" name="q" defaultValue={query.q ?? ""} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="status">{t("register.filterStatus")}</label>
          <select id="status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("register.all")}</option>
            {PUBLIC_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button className="primary" type="submit">
            {t("register.searchSubmit")}
          </button>
        </div>
      </form>
      <p>{t("register.users", { count: register.total })}</p>
      <CsvLink href={`/export/register?mark=${mark.slug}`} />
      {register.rows.length === 0 ? (
        <p>{t("register.noResults")}</p>
      ) : (
        <DataTable
          label={`${mark.name} · ${t("register.publicTitle")}`}
          className="stack-on-phone"
          rows={register.rows}
          rowKey={(r) => r.id}
          columns={[
            {
              header: t("enterprise.name"),
              cell: (r) => <a href={`/registry/enterprises/${r.enterprise_id}`}>{r.enterprise_name}</a>,
            },
            { header: t("enterprise.uscc"), phoneLabel: true, className: "code", cell: (r) => r.uscc },
            {
              header: t("register.filterStatus"),
              phoneLabel: true,
              cell: (r) => (
                <>
                  {t(`status.${r.status}`)}
                  {r.exited_on ? (
                    <div className="muted">
                      {t("authz.exitedOn")} {r.exited_on}
                      {r.exit_reason ? ` · ${t(`exit.${r.exit_reason}`)}` : ""}
                    </div>
                  ) : null}
                </>
              ),
            },
            { header: t("authz.since"), phoneLabel: true, cell: (r) => r.active_from },
            {
              header: t("authz.announcement"),
              phoneLabel: true,
              cell: (r) =>
                r.entry_announcement_id ? (
                  <a href={`/announcements/${r.entry_announcement_id}`}>{r.entry_announcement}</a>
                ) : (
                  "—"
                ),
            },
          ]}
        />
      )}
      {pages > 1 ? (
        <nav aria-label="pagination">
          {query.page > 1 ? (
            <a href={`?${new URLSearchParams({ ...values, page: String(query.page - 1) })}`}>←</a>
          ) : null}{" "}
          {query.page} / {pages}{" "}
          {query.page < pages ? (
            <a href={`?${new URLSearchParams({ ...values, page: String(query.page + 1) })}`}>→</a>
          ) : null}
        </nav>
      ) : null}

      <section aria-labelledby="area">
        <h2 id="area">{t("mark.publicArea")}</h2>
        <p>
          {area.townships.length ? area.townships.map((d) => d.name).join(t("punct.list")) : t("mark.publicAreaNone")}
        </p>
        {area.changes.length ? (
          <DataTable
            caption={t("mark.areaHistory")}
            rows={area.changes}
            rowKey={(c) => c.id}
            columns={[
              { header: t("mark.areaHistoryDate"), cell: (c) => formatDate(c.changedAt, lang) },
              { header: t("mark.areaHistoryAdded"), cell: (c) => c.added.join(t("punct.list")) || "—" },
              { header: t("mark.areaHistoryRemoved"), cell: (c) => c.removed.join(t("punct.list")) || "—" },
              { header: t("mark.areaDocumentRef"), cell: (c) => c.documentRef },
            ]}
          />
        ) : null}
      </section>

      <section className="card" aria-labelledby="ask">
        <h2 id="ask">{t("register.askTitle")}</h2>
        <form method="get" className="stack">
          <div className="field">
            <label htmlFor="ask-uscc">{t("enterprise.uscc")}</label>
            <input id="ask-uscc" name="uscc" defaultValue={values.uscc ?? ""} maxLength={64} />
          </div>
          <div className="field">
            <label htmlFor="ask-date">{t("register.askDate")}</label>
            <input id="ask-date" name="date" type="date" defaultValue={values.date ?? today} />
          </div>
          <div>
            <button className="primary" type="submit">
              {t("register.searchSubmit")}
            </button>
          </div>
        </form>
        {ask ? (
          ask.ok ? (
            <p className={`alert ${ask.answer.authorized ? "ok" : "warn"}`} role="status">
              {ask.answer.authorized
                ? t("register.askYes", { date: ask.date, status: t(`status.${ask.answer.status as "active"}`) })
                : t("register.askNo", {
                    date: ask.date,
                    status:
                      ask.answer.status === "none" ? "" : t("punct.paren", { text: t(`status.${ask.answer.status}`) }),
                  })}
              {ask.answer.since ? ` ${t("authz.since")}: ${ask.answer.since}` : ""}
              {ask.answer.until ? ` · ${t("authz.exitedOn")}: ${ask.answer.until}` : ""}
              {ask.answer.announcement ? ` · ${ask.answer.announcement}` : ""}
            </p>
          ) : (
            <p className="alert error" role="alert">
              {t(ask.error.key, ask.error.params)}
            </p>
          )
        ) : null}
      </section>
    </>
  );
}
