import { Form } from "@remix-run/react";
import { CONFIRMED_FIELD, CONFIRMED_VALUE, type Confirmation } from "#app/forms/confirmation.ts";
import { formatDate } from "#app/i18n/format.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";

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
      <div className="table-wrap">
        <table>
          <caption>{t("confirm.count", { count: c.rows.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("confirm.enterprise")}</th>
              <th scope="col">{t("confirm.mark")}</th>
              <th scope="col">{t("confirm.change")}</th>
            </tr>
          </thead>
          <tbody>
            {c.rows.map((row, i) => (
              <tr key={i}>
                <td>{row.enterprise}</td>
                <td>{row.mark}</td>
                <td>
                  {row.change.map((m, j) => (
                    <div key={j}>{t(m.key, m.params)}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="facts">
        {c.reference ? (
          <>
            <dt>{t(c.reference.label.key, c.reference.label.params)}</dt>
            <dd>{c.reference.value}</dd>
          </>
        ) : null}
        <dt>{t("confirm.effectiveOn")}</dt>
        <dd>{formatDate(c.effectiveOn, lang)}</dd>
        <dt>{t("confirm.publicEffect")}</dt>
        <dd>{t(c.publicEffect.key, c.publicEffect.params)}</dd>
      </dl>
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
