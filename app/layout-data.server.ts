import { getUser } from "#app/accounts/auth.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { getDb } from "#app/db.server.ts";
import { isProduction } from "#app/env.server.ts";
import { catalogScriptPath } from "#app/i18n/catalogs.ts";
import { langFromCookieHeader, type MessageKey } from "#app/i18n/i18n.ts";
import { currentRequestId } from "#app/logging/request-log.server.ts";
import { unreadCount } from "#app/notification/inbox.server.ts";

// Short confirmations carried in the redirect URL; only these keys are ever shown.
const NOTICES = new Set<MessageKey>([
  "register.done",
  "login.loggedOut",
  "account.passwordChanged",
  "login.sessionExpired",
  "login.notSaved",
  "change.requested",
  "change.approved",
  "change.rejected",
  "notification.inbox.markedRead",
  "notification.prefs.saved",
  "notification.prefs.savedConfirmSent",
  "notification.prefs.confirmed",
  "outbox.retried",
  "notification.unsubscribe.done",
]);

/** What the layout shows around every page: the reader's language, who is signed in, the notice. */
export async function layoutData(request: Request) {
  const user = await getUser(request);
  const unread = user ? await unreadCount(await getDb(), user.id) : 0;
  return layoutDataFor(request, user, unread);
}

function layoutDataFor(request: Request, user: SessionUser | null, unread: number) {
  const lang = langFromCookieHeader(request.headers.get("Cookie"));
  const noticeKey = new URL(request.url).searchParams.get("notice");
  return {
    lang,
    catalogScript: catalogScriptPath(lang),
    demo: !isProduction(),
    requestId: currentRequestId(),
    unread,
    notice: noticeKey && NOTICES.has(noticeKey as MessageKey) ? (noticeKey as MessageKey) : null,
    user: user
      ? {
          displayName: user.displayName,
          username: user.username,
          role: user.role,
          isApprover: user.isApprover,
          enterpriseId: user.enterpriseId,
        }
      : null,
  };
}

export type LayoutData = ReturnType<typeof layoutDataFor>;

/**
 * The layout's data for an error page Remix rendered without running the root loader: it runs
 * none for a page whose action threw (a refusal, another county's id), so entry.server.tsx asks
 * here. When the root loader itself failed (the database is down), it is not asked again: the
 * page is shown signed out, but still in the reader's language.
 */
export async function layoutDataWithoutLoader(request: Request, rootFailed: boolean): Promise<LayoutData> {
  if (rootFailed) return layoutDataFor(request, null, 0);
  try {
    return await layoutData(request);
  } catch {
    return layoutDataFor(request, null, 0);
  }
}
