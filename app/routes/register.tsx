import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { z } from "zod";
import { getUser, homePathFor } from "#app/accounts/auth.server.ts";
import { sessionCookie } from "#app/accounts/session.server.ts";
import { signIn } from "#app/accounts/users.server.ts";
import { getDb } from "#app/db.server.ts";
import { registerEnterprise } from "#app/enterprise/enterprise.server.ts";
import { usccField } from "#app/enterprise/uscc-field.ts";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { limitRegistration } from "#app/rate-limit/rate-limit.server.ts";
import { clientNetwork } from "#app/http/request.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("register.title");

const schema = z
  .object({
    uscc: usccField(),
    name: field.text(200),
    legalRepresentative: field.optionalText(50),
    address: field.optionalText(200),
    divisionCode: z
      .string()
      .optional()
      .transform((s) => s?.normalize("NFKC").trim() || undefined)
      .pipe(
        z
          .string()
          .regex(/^\d{6}$/, "form.invalid")
          .optional(),
      ),
    contactName: field.text(50),
    contactPhone: field.phone(),
    username: field.text(64),
    password: field.password(),
    passwordConfirm: field.password(),
  })
  .refine((v) => v.password === v.passwordConfirm, { message: "password.mismatch", path: ["passwordConfirm"] });

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homePathFor(user));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const db = await getDb();
  return formAction(readForm(request), async (formData) => {
    const input = formInput(formData, schema);
    await limitRegistration(clientNetwork(context));
    const { orgCodeWarning } = await registerEnterprise(db, input);
    const signedIn = await signIn(db, {
      username: input.username,
      password: input.password,
      ipNetwork: clientNetwork(context),
      userAgent: request.headers.get("User-Agent"),
    });
    if (!signedIn.ok) return "/login?notice=register.done";
    const to = `${homePathFor(signedIn.user)}?notice=register.done${orgCodeWarning ? "&orgCodeWarning=1" : ""}`;
    // A redirect that sets the session cookie is thrown as it is (formAction lets a Response through).
    throw redirect(to, { headers: { "Set-Cookie": sessionCookie(signedIn.token) } });
  });
}

export default function Register() {
  const failure = useActionData<typeof action>();
  const t = useT();
  const labels = {
    uscc: t("register.uscc"),
    name: t("register.name"),
    legalRepresentative: t("register.legalRepresentative"),
    address: t("register.address"),
    divisionCode: t("register.divisionCode"),
    contactName: t("register.contactName"),
    contactPhone: t("register.contactPhone"),
    username: t("register.username"),
    password: t("register.password"),
    passwordConfirm: t("register.passwordConfirm"),
  };
  return (
    <>
      <h1>{t("register.title")}</h1>
      <p className="lead">{t("register.lead")}</p>
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" className="stack" noValidate>
        <TextField
          name="uscc"
          label={labels.uscc}
          hint={t("register.usccHint")}
          required
          failure={failure}
          maxLength={64}
          autoComplete="off"
        />
        <TextField
          name="name"
          label={labels.name}
          required
          failure={failure}
          maxLength={200}
          autoComplete="organization"
        />
        <TextField name="legalRepresentative" label={labels.legalRepresentative} failure={failure} maxLength={50} />
        <TextField
          name="address"
          label={labels.address}
          failure={failure}
          maxLength={200}
          autoComplete="street-address"
        />
        <TextField
          name="divisionCode"
          label={labels.divisionCode}
          hint={t("register.divisionCodeHint")}
          failure={failure}
          inputMode="numeric"
          maxLength={12}
        />
        <TextField
          name="contactName"
          label={labels.contactName}
          required
          failure={failure}
          maxLength={50}
          autoComplete="name"
        />
        <TextField
          name="contactPhone"
          label={labels.contactPhone}
          type="tel"
          required
          failure={failure}
          maxLength={20}
          autoComplete="tel"
        />
        <TextField
          name="username"
          label={labels.username}
          hint={t("register.usernameHint")}
          required
          failure={failure}
          maxLength={64}
          autoComplete="username"
        />
        <TextField
          name="password"
          label={labels.password}
          hint={t("register.passwordHint")}
          type="password"
          required
          failure={failure}
          autoComplete="new-password"
        />
        <TextField
          name="passwordConfirm"
          label={labels.passwordConfirm}
          type="password"
          required
          failure={failure}
          autoComplete="new-password"
        />
        <div>
          <button className="primary" type="submit">
            {t("register.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
