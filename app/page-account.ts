/**
 * Which account a page was drawn for, as its script says with each submission (entry.client.tsx).
 * A form from a page drawn for one account, sent while this browser is signed in as another (a
 * colleague signed in in another tab of a shared office PC), is refused, so that nothing is done
 * in a name the person did not see: requireUser notes the difference, and the form reader
 * (readForm, readMultipart) refuses with what was typed kept. The page then reloads and shows who
 * is signed in; sending again is done knowingly. Without JavaScript no header comes, and the page
 * is drawn afresh after every submission.
 */
export const PAGE_ACCOUNT_HEADER = "X-Page-Account";

const signedInInstead = new WeakMap<Request, string>();

/** Notes, for this request, the account signed in now when the page was drawn for another. */
export function notePageAccount(request: Request, user: { username: string; displayName: string }) {
  const sent = request.headers.get(PAGE_ACCOUNT_HEADER);
  if (!sent) return;
  let drawnFor: string;
  try {
    drawnFor = decodeURIComponent(sent);
  } catch {
    return;
  }
  if (drawnFor !== user.username) signedInInstead.set(request, user.displayName);
}

/** The display name of the account signed in now, when the page was drawn for another. */
export const signedInInsteadOf = (request: Request) => signedInInstead.get(request);
