import { notFound } from "#app/accounts/auth.server.ts";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("error.notFound.title");

/** Any unknown path: the root error boundary renders a friendly 404. */
export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader() {
  throw notFound();
}

export async function action() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
