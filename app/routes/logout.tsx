import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getUser } from "#app/accounts/auth.server.ts";
import { clearedSessionCookie } from "#app/accounts/session.server.ts";
import { signOut } from "#app/accounts/users.server.ts";
import { getDb } from "#app/db.server.ts";

export async function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (user) await signOut(await getDb(), user);
  return redirect("/login?notice=login.loggedOut", { headers: { "Set-Cookie": clearedSessionCookie() } });
}
