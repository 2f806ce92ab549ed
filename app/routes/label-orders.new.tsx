import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { findAuthorizationFor } from "#app/authorization/authorization.server.ts";
import { getDb, getRaw } from "#app/db.server.ts";
import { field, parseForm } from "#app/forms/form.ts";
import { domainFailure, formFailure, readForm } from "#app/forms/form.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { orderLabels } from "#app/label/label-order.server.ts";
import { designatedPrinters } from "#app/label/queries.server.ts";
import { findMarkById } from "#app/mark/mark.server.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { SelectField } from "#app/ui/select-field.tsx";
import { titled } from "#app/ui/page-title.ts";

export const handle = titled<typeof loader>((t, d) => `${t("labels.new")} · ${d.markName}`);

const schema = z.object({
  authorizationId: z.string().uuid("form.invalid"),
  quantity: field.int(1, 10_000_000),
  template: field.text(100),
  intendedProducts: field.text(200),
  printerId: z.string({ required_error: "form.required" }).min(1, "form.required"),
});

async function context(request: Request, authorizationId: string) {
  const user = await requireRole(request, "enterprise");
  const db = await getDb();
  const authorization = await findAuthorizationFor(db, user, authorizationId);
  if (!authorization) throw notFound();
  const mark = await findMarkById(db, authorization.mark_id);
  return { user, db, authorization, mark, printers: await designatedPrinters(db, authorization.mark_id) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { authorization, mark, printers } = await context(
    request,
    new URL(request.url).searchParams.get("authorization") ?? "",
  );
  return {
    authorizationId: authorization.id,
    markName: mark?.name ?? "",
    allowSelfPrint: mark?.allow_self_print ?? false,
    printers,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const formData = await readForm(request);
  const { user, db } = await context(request, String(formData.get("authorizationId") ?? ""));
  const parsed = parseForm(formData, schema);
  if (!parsed.ok) return formFailure(parsed);
  try {
    const order = await orderLabels(
      db,
      user,
      { ...parsed.data, printerId: parsed.data.printerId === "self" ? null : parsed.data.printerId },
      { raw: await getRaw() },
    );
    throw redirect(`/label-orders/${order.id}?done=ordered&n=${order.quantity_requested}`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, formData);
  }
}

export default function NewLabelOrder() {
  const { authorizationId, markName, allowSelfPrint, printers } = useLoaderData<typeof loader>();
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
