import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { LANG_COOKIE } from "#app/i18n/i18n.ts";
import { readForm } from "#app/forms/form.server.ts";
import { safeRedirectPath } from "#app/http/safe-redirect.ts";

export async function loader() {
  return redirect("/");
}

/** Persists the language choice for a year; works without JavaScript. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const lang = form.get("lang") === "en" ? "en" : "zh-CN";
  const to = safeRedirectPath(form.get("redirectTo"), "/");
  return redirect(to, {
    headers: { "Set-Cookie": `${LANG_COOKIE}=${lang}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}
