import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { idParam } from "#app/http/params.ts";
import { safeRedirectPath } from "#app/http/safe-redirect.ts";
import { openNotification } from "#app/notification/inbox.server.ts";

/** Following a notification from the inbox: it is marked read, then the page it names opens. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const link = await openNotification(await getDb(), user, idParam(params, "notificationId"));
  if (!link) throw notFound();
  // Links are paths on this site (notify's contract); the one redirect rule holds it to that.
  throw redirect(safeRedirectPath(link, "/notifications"));
}
