import { notFound } from "#app/accounts/auth.server.ts";

/** Any unknown path: the root error boundary renders a friendly 404. */
export async function loader() {
  throw notFound();
}

export async function action() {
  throw notFound();
}

export default function NotFound() {
  return null;
}
