import { Form } from "@remix-run/react";
import { CONFIRMED_FIELD, CONFIRMED_VALUE, type Confirmation } from "#app/forms/confirmation.ts";
import { formatDate } from "#app/i18n/format.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { DataTable } from "./data-table.tsx";
import { Fact, Facts } from "./facts.tsx";

/**
 * The confirmation of a legal act, shared by every page that has one: what changes for whom,
 * from when, what the public will see; a confirm button that sends the same form again with
 * `confirmed`, and a plain link back that changes nothing. No JavaScript needed.
 */
export function ConfirmationPanel({ confirmation: c, cancelHref }: { confirmation: Confirmation; cancelHref: string }) {
  const t = useT();
  const lang = useLang();
  const act = t(c.act.key, c.act.params);
  return (
    <section className="card confirmation" aria-labelledby="confirmation-title">
      <h2 id="confirmation-title">{t("confirm.title", { act })}</h2>
      <p role="status">{t("confirm.intro")}</p>
      <DataTable
        caption={t("confirm.count", { count: c.rows.length })}
        rows={c.rows}
        rowKey={(_, i) => i}
        columns={[
          { header: t("confirm.enterprise"), cell: (row) => row.enterprise },
          { header: t("confirm.mark"), cell: (row) => row.mark },
          {
            header: t("confirm.change"),
            cell: (row) => row.change.map((m, j) => <div key={j}>{t(m.key, m.params)}</div>),
          },
        ]}
      />
      <Facts>
        {c.reference ? (
          <Fact label={t(c.reference.label.key, c.reference.label.params)}>{c.reference.value}</Fact>
        ) : null}
        <Fact label={t("confirm.effectiveOn")}>{formatDate(c.effectiveOn, lang)}</Fact>
        <Fact label={t("confirm.publicEffect")}>{t(c.publicEffect.key, c.publicEffect.params)}</Fact>
      </Facts>
      <Form method="post">
        {c.fields.map(([name, value], i) => (
          <input key={`${name}-${i}`} type="hidden" name={name} value={value} />
        ))}
        <input type="hidden" name={CONFIRMED_FIELD} value={CONFIRMED_VALUE} />
        <button className="primary" type="submit">
          {t("confirm.button", { act })}
        </button>{" "}
        <a className="button" href={cancelHref}>
          {t("confirm.cancel")}
        </a>
      </Form>
    </section>
  );
}
