import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireRole } from "#app/accounts/auth.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { createApiClient, listApiClients, revokeApiClient, rotateApiClient } from "#app/api-client/clients.server.ts";
import { withdrawPendingTakedowns } from "#app/report/takedown.server.ts";
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
import { DataTable } from "#app/ui/data-table.tsx";
import { ActionCard } from "#app/ui/action-card.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

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

export const shouldRevalidate = revalidateAfterEverySubmission;

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
      // Its takedown requests still pending are withdrawn with it: no platform is left to answer them.
      await revokeApiClient(db, actor, clientId, reason, (trx) =>
        withdrawPendingTakedowns(trx, actor, { clientId }, "client_revoked"),
      );
      // The notice names the client from the register, never from the URL (which anyone can write).
      return `/admin/api-clients?revoked=${clientId}`;
    }
    throw new DomainError("form.invalid");
  });
}

export default function AdminApiClients() {
  const { clients, marks, failures } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const revokedNow = clients.find((c) => c.id === params.get("revoked") && c.revoked_at);
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
      {revokedNow ? (
        <div className="alert ok" role="status">
          {t("admin.apiClients.revokedNotice", { name: revokedNow.name })}
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
        <DataTable
          label={t("admin.apiClients")}
          rows={clients}
          rowKey={(c) => c.id}
          columns={[
            { header: t("admin.apiClients.name"), cell: (c) => c.name },
            { header: t("admin.apiClients.contact"), cell: (c) => c.contact },
            {
              header: t("admin.apiClients.scopes"),
              cell: (c) => c.scopes.map((s) => t(`apiScope.${s as ApiScope}`)).join(t("punct.list")),
            },
            { header: t("admin.apiClients.tokenHint"), className: "code", cell: (c) => `…${c.token_hint}` },
            {
              header: t("admin.apiClients.status"),
              cell: (c) =>
                c.revoked_at
                  ? `${t("admin.apiClients.revokedStatus")} (${formatDateTime(c.revoked_at, lang)})`
                  : t("admin.apiClients.active"),
            },
            {
              header: t("admin.apiClients.failing"),
              cell: (c) => t("admin.apiClients.failingCount", { n: Number(c.failing_deliveries ?? 0) }),
            },
            {
              header: t("table.actions"),
              cell: (c) =>
                c.revoked_at ? null : (
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
                ),
            },
          ]}
        />
      )}

      <ActionCard
        // A new key after each success starts an empty form; after a refusal it keeps what was typed.
        key={shown && !shown.rotated ? shown.token : "new"}
        title={t("admin.apiClients.create")}
        heading="h2"
        headingId="new-client"
        hidden={{ intent: INTENTS.create }}
        failure={failure}
      >
        <TextField name="name" label={labels.name} required maxLength={200} />
        <TextField name="contact" label={labels.contact} required maxLength={200} />
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
      </ActionCard>

      <section aria-labelledby="failures">
        <h2 id="failures">{t("admin.apiClients.failures")}</h2>
        {failures.length === 0 ? (
          <p>{t("admin.apiClients.noFailures")}</p>
        ) : (
          <DataTable
            label={t("admin.apiClients.failures")}
            rows={failures}
            rowKey={(f) => `${f.url}-${f.event_id}`}
            columns={[
              { header: t("admin.apiClients.name"), cell: (f) => f.client },
              {
                header: t("admin.apiClients.event"),
                cell: (f) => (
                  <>
                    {isWebhookEventType(f.type) ? t(`webhookType.${f.type}`) : f.type}{" "}
                    <span className="code">evt_{f.event_id}</span>
                  </>
                ),
              },
              { header: t("admin.apiClients.url"), className: "code", cell: (f) => f.url },
              { header: t("admin.apiClients.attempts"), cell: (f) => f.attempts },
              { header: t("admin.apiClients.lastError"), cell: (f) => f.last_error ?? "—" },
              {
                header: t("admin.apiClients.nextAttempt"),
                cell: (f) => (f.failed_at ? t("admin.apiClients.gaveUp") : formatDateTime(f.next_attempt_at, lang)),
              },
            ]}
          />
        )}
      </section>
    </>
  );
}
