import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "#app/accounts/auth.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { createApiClient, listApiClients, revokeApiClient, rotateApiClient } from "#app/api-client/clients.server.ts";
import { API_SCOPES, type ApiScope } from "#app/api-client/scopes.ts";
import { failingDeliveries } from "#app/api-client/webhooks.server.ts";
import { isWebhookEventType } from "#app/api-client/event-types.ts";
import { getDb } from "#app/db.server.ts";
import { DomainError } from "#app/errors.ts";
import { field, type FormFailure } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { formatDateTime } from "#app/i18n/format.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { listMarks } from "#app/mark/mark.server.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";

export const handle = titled("admin.apiClients");

const INTENTS = { create: "create", rotate: "rotate", revoke: "revoke" } as const;

const createSchema = z.object({
  name: field.text(200),
  contact: field.text(200),
  scopes: z.array(z.enum(API_SCOPES)).min(1, "form.required"),
  markIds: z.array(z.string().uuid("form.invalid")).default([]),
});
const clientSchema = z.object({ clientId: z.string().uuid("form.invalid") });
const revokeSchema = clientSchema.extend({ reason: field.text(500) });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const db = await getDb();
  const [clients, marks, failures] = await Promise.all([listApiClients(db), listMarks(db), failingDeliveries(db)]);
  return { clients, marks: marks.map((m) => ({ id: m.id, name: m.name })), failures };
}

type Shown = { shown: { name: string; token: string; webhookSecret: string | null; rotated: boolean } };

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const actor = { ...actorOf(admin), userId: admin.id };
  const db = await getDb();
  return formAction(readForm(request), async (formData) => {
    const intent = formData.get("intent");
    if (intent === INTENTS.create) {
      const input = formInput(formData, createSchema, { multi: ["scopes", "markIds"] });
      const created = await createApiClient(db, actor, {
        name: input.name,
        contact: input.contact,
        scopes: input.scopes as ApiScope[],
        markIds: input.markIds.length ? input.markIds : null,
      });
      // Shown once, in this answer only: never stored in the clear, never in a URL.
      return data({ shown: { name: input.name, ...created, rotated: false } } satisfies Shown, {
        headers: { "Cache-Control": "no-store" },
      });
    }
    if (intent === INTENTS.rotate) {
      const { clientId } = formInput(formData, clientSchema);
      const rotated = await rotateApiClient(db, actor, clientId);
      const name = String(formData.get("name") ?? "");
      return data({ shown: { name, ...rotated, rotated: true } } satisfies Shown, {
        headers: { "Cache-Control": "no-store" },
      });
    }
    if (intent === INTENTS.revoke) {
      const { clientId, reason } = formInput(formData, revokeSchema);
      await revokeApiClient(db, actor, clientId, reason);
      return `/admin/api-clients?revoked=${encodeURIComponent(String(formData.get("name") ?? ""))}`;
    }
    throw new DomainError("form.invalid");
  });
}

export default function AdminApiClients() {
  const { clients, marks, failures } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const lang = useLang();
  const failure = result && "ok" in result ? (result as FormFailure) : null;
  const shown = result && "shown" in result ? result.shown : null;
  const values = failure?.values ?? {};
  const chosen = (name: string, value: string) => (values[name] ?? "").split(",").includes(value);
  const labels = {
    name: t("admin.apiClients.name"),
    contact: t("admin.apiClients.contact"),
    scopes: t("admin.apiClients.scopes"),
    markIds: t("admin.apiClients.marks"),
    reason: t("admin.apiClients.revokeReason"),
    clientId: t("admin.apiClients"),
  };
  return (
    <>
      <h1>{t("admin.apiClients")}</h1>
      <p>{t("admin.apiClients.intro")}</p>
      <p>
        <a href="/api/v1/openapi.json">{t("admin.apiClients.openApi")}</a>
      </p>
      {params.get("revoked") ? (
        <div className="alert ok" role="status">
          {t("admin.apiClients.revokedNotice", { name: params.get("revoked") ?? "" })}
        </div>
      ) : null}
      {shown ? (
        <section className="alert ok" role="status" aria-labelledby="shown-once">
          <h2 id="shown-once">
            {shown.rotated
              ? t("admin.apiClients.rotated", { name: shown.name })
              : t("admin.apiClients.created", { name: shown.name })}
          </h2>
          <p>{t("admin.apiClients.shownOnce")}</p>
          <dl>
            <dt>{t("admin.apiClients.token")}</dt>
            <dd className="code">{shown.token}</dd>
            {shown.webhookSecret ? (
              <>
                <dt>{t("admin.apiClients.webhookSecret")}</dt>
                <dd className="code">{shown.webhookSecret}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}
      {failure ? <ErrorSummary failure={failure} labels={labels} /> : null}

      {clients.length === 0 ? (
        <p>{t("admin.apiClients.none")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin.apiClients.name")}</th>
                <th scope="col">{t("admin.apiClients.contact")}</th>
                <th scope="col">{t("admin.apiClients.scopes")}</th>
                <th scope="col">{t("admin.apiClients.tokenHint")}</th>
                <th scope="col">{t("admin.apiClients.status")}</th>
                <th scope="col">{t("admin.apiClients.failing")}</th>
                <th scope="col">{t("table.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {clients.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.contact}</td>
                  <td>{c.scopes.map((s) => t(`apiScope.${s as ApiScope}`)).join(t("punct.list"))}</td>
                  <td className="code">…{c.token_hint}</td>
                  <td>
                    {c.revoked_at
                      ? `${t("admin.apiClients.revokedStatus")} (${formatDateTime(c.revoked_at, lang)})`
                      : t("admin.apiClients.active")}
                  </td>
                  <td>{t("admin.apiClients.failingCount", { n: Number(c.failing_deliveries ?? 0) })}</td>
                  <td>
                    {c.revoked_at ? null : (
                      <div className="stack">
                        <Form method="post">
                          <input type="hidden" name="intent" value={INTENTS.rotate} />
                          <input type="hidden" name="clientId" value={c.id} />
                          <input type="hidden" name="name" value={c.name} />
                          <button className="secondary" type="submit">
                            {t("admin.apiClients.rotate")}
                            <span className="visually-hidden"> {c.name}</span>
                          </button>
                        </Form>
                        <Form method="post" className="stack">
                          <input type="hidden" name="intent" value={INTENTS.revoke} />
                          <input type="hidden" name="clientId" value={c.id} />
                          <input type="hidden" name="name" value={c.name} />
                          <TextField
                            name="reason"
                            label={t("admin.apiClients.revokeReason")}
                            required
                            maxLength={500}
                            idPrefix={`revoke-${c.id}`}
                          />
                          <button className="secondary" type="submit">
                            {t("admin.apiClients.revoke")}
                            <span className="visually-hidden"> {c.name}</span>
                          </button>
                        </Form>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <section className="card" aria-labelledby="new-client">
        <h2 id="new-client">{t("admin.apiClients.create")}</h2>
        {/* A new key after each success starts an empty form; after a refusal it keeps what was typed. */}
        <Form method="post" className="stack" noValidate key={shown && !shown.rotated ? shown.token : "new"}>
          <input type="hidden" name="intent" value={INTENTS.create} />
          <TextField name="name" label={labels.name} required failure={failure} maxLength={200} />
          <TextField name="contact" label={labels.contact} required failure={failure} maxLength={200} />
          <fieldset>
            <legend>{labels.scopes}</legend>
            {API_SCOPES.map((s) => (
              <div className="check" key={s}>
                <input
                  id={`scope-${s}`}
                  type="checkbox"
                  name="scopes"
                  value={s}
                  defaultChecked={failure ? chosen("scopes", s) : true}
                />
                <label htmlFor={`scope-${s}`}>{t(`apiScope.${s}`)}</label>
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>{labels.markIds}</legend>
            {marks.map((m) => (
              <div className="check" key={m.id}>
                <input
                  id={`mark-${m.id}`}
                  type="checkbox"
                  name="markIds"
                  value={m.id}
                  defaultChecked={chosen("markIds", m.id)}
                />
                <label htmlFor={`mark-${m.id}`}>{m.name}</label>
              </div>
            ))}
          </fieldset>
          <div>
            <button className="primary" type="submit">
              {t("admin.apiClients.create")}
            </button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="failures">
        <h2 id="failures">{t("admin.apiClients.failures")}</h2>
        {failures.length === 0 ? (
          <p>{t("admin.apiClients.noFailures")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("admin.apiClients.name")}</th>
                  <th scope="col">{t("admin.apiClients.event")}</th>
                  <th scope="col">{t("admin.apiClients.url")}</th>
                  <th scope="col">{t("admin.apiClients.attempts")}</th>
                  <th scope="col">{t("admin.apiClients.lastError")}</th>
                  <th scope="col">{t("admin.apiClients.nextAttempt")}</th>
                </tr>
              </thead>
              <tbody>
                {failures.map((f) => (
                  <tr key={`${f.url}-${f.event_id}`}>
                    <td>{f.client}</td>
                    <td>
                      {isWebhookEventType(f.type) ? t(`webhookType.${f.type}`) : f.type}{" "}
                      <span className="code">evt_{f.event_id}</span>
                    </td>
                    <td className="code">{f.url}</td>
                    <td>{f.attempts}</td>
                    <td>{f.last_error ?? "—"}</td>
                    <td>{f.failed_at ? t("admin.apiClients.gaveUp") : formatDateTime(f.next_attempt_at, lang)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
