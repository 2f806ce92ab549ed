import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { LANGS } from "#app/i18n/i18n.ts";
import { useT } from "#app/i18n/use-t.ts";
import { confirmEmail, preferencesOf, setMailPreferences } from "#app/notification/inbox.server.ts";
import { choosableKinds, NOTIFICATION_KINDS, type NotificationKind } from "#app/notification/kinds.ts";
import { CheckboxGroup, ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { SelectField } from "#app/ui/select-field.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("notification.prefs.title");

const settingsSchema = z.object({
  email: field.optionalText(254),
  lang: z.enum(["zh-CN", "en"], { message: "form.invalid" }),
  wanted: z.array(z.enum(NOTIFICATION_KINDS as unknown as [NotificationKind, ...NotificationKind[]])).default([]),
});
const confirmSchema = z.object({ token: field.text(100) });

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const prefs = await preferencesOf(await getDb(), user.id);
  return {
    email: prefs.email ?? "",
    confirmed: prefs.email_confirmed_at !== null,
    lang: prefs.lang,
    // Only the kinds told to this person's role (kinds.ts declares each kind's audience once).
    kinds: choosableKinds(user.role),
    wanted: choosableKinds(user.role).filter((k) => !prefs.mail_opt_out.includes(k)),
    // Opening the mailed link shows a button; the address is confirmed only by pressing it (a POST).
    token: new URL(request.url).searchParams.get("confirm") ?? null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  return formAction(readForm(request), async (formData) => {
    if (formData.get("intent") === "confirm") {
      const { token } = formInput(formData, confirmSchema);
      await confirmEmail(db, user, token);
      return "/notifications/settings?notice=notification.prefs.confirmed";
    }
    const input = formInput(formData, settingsSchema, { multi: ["wanted"] });
    const wanted = new Set<string>(input.wanted);
    const { confirmSent } = await setMailPreferences(db, user, {
      email: input.email ?? null,
      lang: input.lang,
      optOut: choosableKinds(user.role).filter((k) => !wanted.has(k)),
    });
    // A new address hears nothing until confirmed: say that the link is on its way.
    return `/notifications/settings?notice=${confirmSent ? "notification.prefs.savedConfirmSent" : "notification.prefs.saved"}`;
  });
}

export default function NotificationSettings() {
  const prefs = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  // Every field a refusal can name, in words (an unknown kind names the list, a broken link the confirmation).
  const labels = {
    email: t("notification.prefs.email"),
    lang: t("notification.prefs.lang"),
    wanted: t("notification.prefs.kinds"),
    token: t("notification.prefs.email"),
  };
  return (
    <>
      <h1>{t("notification.prefs.title")}</h1>
      {prefs.token ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="confirm" />
          <input type="hidden" name="token" value={prefs.token} />
          <p>{prefs.email}</p>
          <div>
            <button className="primary" type="submit">
              {t("notification.prefs.confirm")}
            </button>
          </div>
        </Form>
      ) : null}
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" className="stack" noValidate>
        <TextField
          name="email"
          label={labels.email}
          type="email"
          hint={`${t("notification.prefs.emailHint")} ${
            prefs.email
              ? prefs.confirmed
                ? t("notification.prefs.emailConfirmed")
                : t("notification.prefs.emailUnconfirmed")
              : ""
          }`}
          failure={failure}
          defaultValue={prefs.email}
          autoComplete="email"
        />
        <SelectField name="lang" label={labels.lang} failure={failure} defaultValue={prefs.lang}>
          {LANGS.map((lang) => (
            <option key={lang} value={lang}>
              {t(`notification.prefs.lang.${lang}`)}
            </option>
          ))}
        </SelectField>
        {prefs.kinds.length > 0 ? (
          <CheckboxGroup
            name="wanted"
            legend={t("notification.prefs.kinds")}
            failure={failure}
            defaultChecked={prefs.wanted}
            options={prefs.kinds.map((k) => ({ value: k, label: t(`notification.kind.${k}`) }))}
          />
        ) : null}
        <div>
          <button className="primary" type="submit">
            {t("notification.prefs.save")}
          </button>
        </div>
      </Form>
    </>
  );
}
