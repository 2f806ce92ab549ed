import { randomUUID } from "node:crypto";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { findAuthorizationFor } from "#app/authorization/authorization.server.ts";
import { getDb, getRaw } from "#app/db.server.ts";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { useLang, useT } from "#app/i18n/use-t.ts";
import { orderLabels } from "#app/label/label-order.server.ts";
import { authorizationsToOrderUnder, designatedPrinters } from "#app/label/queries.server.ts";
import { LABEL_USE_STATUSES } from "#app/label/order-rules.ts";
import { may } from "#app/permission/permissions.ts";
import type { AuthorizationStatus } from "#db/schema.ts";
import { findMarkById } from "#app/mark/mark.server.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { SelectField } from "#app/ui/select-field.tsx";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((t, d) =>
  d.mode === "form" ? `${t("labels.new")} · ${d.markName}` : t("labels.new"),
);

const schema = z.object({
  authorizationId: z.string().uuid("form.invalid"),
  quantity: field.count(1, 10_000_000),
  template: field.text(100),
  intendedProducts: field.text(200),
  printerId: z.string({ required_error: "form.required" }).min(1, "form.required"),
  submissionKey: z.string().uuid().optional().catch(undefined),
});

async function context(request: Request, authorizationId: string) {
  const user = await requireRole(request, "enterprise");
  const db = await getDb();
  const authorization = await findAuthorizationFor(db, user, authorizationId);
  if (!authorization) throw notFound();
  const mark = await findMarkById(db, authorization.mark_id);
  return { user, db, authorization, mark, printers: await designatedPrinters(db, authorization.mark_id) };
}

/**
 * With `?authorization=` (one of the user's own) the order form; without it, or when that
 * authorization may not order labels now, a chooser of those that may, saying why when none may.
 */
export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const chosen = new URL(request.url).searchParams.get("authorization");
  if (chosen === null) return chooser(request, null);
  const { user, authorization, mark, printers } = await context(request, chosen);
  if (!may(user, "authorization.orderLabels", authorization)) return chooser(request, authorization.status);
  return {
    mode: "form" as const,
    authorizationId: authorization.id,
    markName: mark?.name ?? "",
    allowSelfPrint: mark?.allow_self_print ?? false,
    printers,
    // One key per form shown: sent twice (a double click), it finds the order already made.
    submissionKey: randomUUID(),
  };
}

async function chooser(request: Request, refusedStatus: AuthorizationStatus | null) {
  const user = await requireRole(request, "enterprise");
  const authorizations = await authorizationsToOrderUnder(await getDb(), user);
  return {
    mode: "choose" as const,
    refusedStatus,
    orderable: authorizations.filter((a) => a.mayOrder),
    others: authorizations.filter((a) => !a.mayOrder),
    usableStatuses: LABEL_USE_STATUSES,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const { user, db } = await context(request, String(formData.get("authorizationId") ?? ""));
  return formAction(formData, async () => {
    const input = formInput(formData, schema);
    const order = await orderLabels(
      db,
      user,
      { ...input, printerId: input.printerId === "self" ? null : input.printerId },
      { raw: await getRaw() },
    );
    return `/label-orders/${order.id}?done=ordered&n=${order.quantity_requested}`;
  });
}

export default function NewLabelOrder() {
  const data = useLoaderData<typeof loader>();
  return data.mode === "form" ? <OrderForm {...data} /> : <Chooser {...data} />;
}

function Chooser({
  refusedStatus,
  orderable,
  others,
  usableStatuses,
}: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { mode: "choose" }>) {
  const t = useT();
  const lang = useLang();
  const usable = new Intl.ListFormat(lang, { type: "disjunction" }).format(usableStatuses.map((s) => t(`status.${s}`)));
  return (
    <>
      <h1>{t("labels.new")}</h1>
      {refusedStatus ? (
        <div className="alert warn" role="status">
          {t("label.authorizationNotActive", { status: refusedStatus })}
        </div>
      ) : null}
      {orderable.length ? (
        <>
          <p>{t("labels.chooseAuthorization")}</p>
          <ul>
            {orderable.map((a) => (
              <li key={a.id}>
                <a href={`/label-orders/new?authorization=${a.id}`}>
                  {a.mark_name} · {a.township} · {a.products}
                </a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <div className="alert warn" role="status">
          <p>
            <strong>{t("labels.noneToOrderUnder")}</strong>
          </p>
          <p>{t("labels.onlyWhenUsable", { statuses: usable })}</p>
          {others.length ? null : (
            <p>
              {t("labels.noAuthorizationYet")} <a href="/apply">{t("authz.apply")}</a>
            </p>
          )}
        </div>
      )}
      {others.length ? (
        <>
          <h2>{t("labels.notOrderable")}</h2>
          <ul>
            {others.map((a) => (
              <li key={a.id}>
                <a href={`/authorizations/${a.id}`}>
                  {a.mark_name} · {a.township}
                </a>{" "}
                · {t(`status.${a.status}`)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function OrderForm({
  authorizationId,
  markName,
  allowSelfPrint,
  printers,
  submissionKey,
}: Extract<ReturnType<typeof useLoaderData<typeof loader>>, { mode: "form" }>) {
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>
        {t("labels.new")} · {markName}
      </h1>
      <ErrorSummary
        failure={failure}
        labels={{
          quantity: t("labels.quantity"),
          template: t("labels.template"),
          intendedProducts: t("labels.intendedProducts"),
          printerId: t("labels.printer"),
        }}
      />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="authorizationId" value={authorizationId} />
        <input type="hidden" name="submissionKey" value={failure?.values.submissionKey ?? submissionKey} />
        <TextField name="quantity" label={t("labels.quantity")} type="number" required failure={failure} />
        <TextField name="template" label={t("labels.template")} required failure={failure} maxLength={100} />
        <TextField
          name="intendedProducts"
          label={t("labels.intendedProducts")}
          required
          failure={failure}
          maxLength={200}
        />
        <SelectField name="printerId" label={t("labels.printer")} failure={failure} required>
          <option value="">—</option>
          {printers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
          {allowSelfPrint ? <option value="self">{t("labels.selfPrint")}</option> : null}
        </SelectField>
        <div>
          <button className="primary" type="submit">
            {t("labels.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
