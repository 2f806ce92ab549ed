import { notePageAccount } from "#app/page-account.ts";
import { redirect } from "@remix-run/node";
import type { Role } from "#db/schema.ts";
import { getDb } from "#app/db.server.ts";
import { findSessionUser, readSessionToken, type SessionUser } from "./session.server.ts";

// One lookup per request, however many loaders, actions and checks ask.
const usersOf = new WeakMap<Request, Promise<SessionUser | null>>();

export function getUser(request: Request): Promise<SessionUser | null> {
  let user = usersOf.get(request);
  if (!user) {
    const token = readSessionToken(request.headers.get("Cookie"));
    user = token ? getDb().then((db) => findSessionUser(db, token)) : Promise.resolve(null);
    usersOf.set(request, user);
  }
  return user;
}

/** Throws a redirect to the sign-in page, remembering where the user was going. */
export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (user) {
    notePageAccount(request, user);
    return user;
  }
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  // A form sent after the session ended (signed out in another tab, timed out): say it was not saved.
  const submitted = request.method !== "GET" && request.method !== "HEAD";
  throw redirect(`/login?redirectTo=${encodeURIComponent(back)}${submitted ? "&notice=login.notSaved" : ""}`);
}

export function forbidden(): Response {
  return new Response("Forbidden", { status: 403 });
}

export function notFound(): Response {
  return new Response("Not Found", { status: 404 });
}

/** Signed in with one of these roles, or 403. */
export async function requireRole(request: Request, ...roles: Role[]): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

export function homePathFor(user: Pick<SessionUser, "role" | "enterpriseId">): string {
  switch (user.role) {
    case "admin":
      return "/admin/users";
    case "regulator":
      return "/regulator";
    case "enterprise":
      return `/enterprises/${user.enterpriseId}`;
    case "printer":
      return "/printer";
  }
}
