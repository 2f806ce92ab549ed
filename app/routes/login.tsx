import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getUser, homePathFor } from "#app/accounts/auth.server.ts";
import { readKnownDevice } from "#app/accounts/device-cookie.server.ts";
import { sessionCookie } from "#app/accounts/session.server.ts";
import { signIn } from "#app/accounts/users.server.ts";
import { getDb } from "#app/db.server.ts";
import { DomainError } from "#app/errors.ts";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { clientNetwork } from "#app/http/request.server.ts";
import { safeRedirectPath } from "#app/http/safe-redirect.ts";
import { useT } from "#app/i18n/use-t.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("login.title");

const schema = z.object({
  username: field.text(64),
  password: field.password(),
  redirectTo: z.string().optional(),
});

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(homePathFor(user));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  return formAction(readForm(request), async (formData) => {
    const input = formInput(formData, schema);
    // Where to go is settled before signing in: a target that cannot be followed creates no session.
    const requested = safeRedirectPath(input.redirectTo, "");
    const result = await signIn(await getDb(), {
      username: input.username,
      password: input.password,
      ipNetwork: clientNetwork(context),
      userAgent: request.headers.get("User-Agent"),
      knownDevice: readKnownDevice(request.headers.get("Cookie")),
    });
    if (result.ok) {
      const headers = new Headers();
      headers.append("Set-Cookie", sessionCookie(result.token));
      headers.append("Set-Cookie", result.deviceCookie);
      // A redirect that sets cookies is thrown as it is (formAction lets a Response through).
      throw redirect(requested || homePathFor(result.user), { headers });
    }
    if (result.reason === "rateLimited")
      throw new DomainError(result.scope === "network" ? "login.networkLimited" : "login.rateLimited", {
        params: { minutes: Math.ceil(result.retryAfter / 60) },
        status: 429,
        retryAfter: result.retryAfter,
      });
    throw new DomainError("login.failed", { status: 401 });
  });
}

export default function Login() {
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  return (
    <>
      <h1>{t("login.title")}</h1>
      <ErrorSummary failure={failure} labels={{ username: t("login.username"), password: t("login.password") }} />
      <Form method="post" className="stack" noValidate>
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <TextField
          name="username"
          label={t("login.username")}
          autoComplete="username"
          required
          failure={failure}
          maxLength={64}
        />
        <TextField
          name="password"
          label={t("login.password")}
          type="password"
          autoComplete="current-password"
          required
          failure={failure}
        />
        <div>
          <button className="primary" type="submit">
            {t("login.submit")}
          </button>
        </div>
      </Form>
      <p>
        {t("login.noAccount")} <a href="/register">{t("nav.signUp")}</a>
      </p>
    </>
  );
}
