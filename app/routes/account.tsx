import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "#app/accounts/auth.server.ts";
import { changePassword } from "#app/accounts/users.server.ts";
import { getDb } from "#app/db.server.ts";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("account.title");

const schema = z
  .object({ current: field.password(), next: field.password(), nextConfirm: field.password() })
  .refine((v) => v.next === v.nextConfirm, { message: "password.mismatch", path: ["nextConfirm"] });

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { username: user.username, displayName: user.displayName, role: user.role, divisionName: user.divisionName };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return formAction(readForm(request), async (formData) => {
    const input = formInput(formData, schema);
    await changePassword(await getDb(), user, { current: input.current, next: input.next });
    return "/account?notice=account.passwordChanged";
  });
}

export default function Account() {
  const me = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const labels = {
    current: t("account.currentPassword"),
    next: t("account.newPassword"),
    nextConfirm: t("register.passwordConfirm"),
  };
  return (
    <>
      <h1>{t("account.title")}</h1>
      <Facts>
        <Fact label={t("register.username")} className="code">
          {me.username}
        </Fact>
        <Fact label={t("admin.displayName")}>{me.displayName}</Fact>
        <Fact label={t("admin.role")}>{t(`role.${me.role}`)}</Fact>
        {me.divisionName ? <Fact label={t("admin.scope")}>{me.divisionName}</Fact> : null}
      </Facts>
      <h2>{t("account.changePassword")}</h2>
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" className="stack" noValidate>
        <TextField
          name="current"
          label={labels.current}
          type="password"
          required
          failure={failure}
          autoComplete="current-password"
        />
        <TextField
          name="next"
          label={labels.next}
          hint={t("register.passwordHint")}
          type="password"
          required
          failure={failure}
          autoComplete="new-password"
        />
        <TextField
          name="nextConfirm"
          label={labels.nextConfirm}
          type="password"
          required
          failure={failure}
          autoComplete="new-password"
        />
        <div>
          <button className="primary" type="submit">
            {t("common.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
