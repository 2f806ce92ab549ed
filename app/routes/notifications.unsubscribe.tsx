import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { getDb } from "#app/db.server.ts";
import { field } from "#app/forms/form.ts";
import { readForm } from "#app/forms/form.server.ts";
import { formAction } from "#app/forms/action.server.ts";
import { DomainError } from "#app/errors.ts";
import { useT } from "#app/i18n/use-t.ts";
import { hashOfLink, unsubscribe } from "#app/notification/unsubscribe.server.ts";
import { ErrorSummary, Message } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("notification.unsubscribe.title");

const schema = z.object({ h: field.optionalText(64), a: field.optionalText(400), s: field.text(100) });

/**
 * The link in a consumer's mail (decision 052): no account, the link's signature is the proof.
 * Opening it only asks (mail scanners open links); the button stops the mail.
 */
export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("notice")) return { link: null, done: true };
  const link = {
    h: url.searchParams.get("h") ?? "",
    a: url.searchParams.get("a") ?? "",
    s: url.searchParams.get("s") ?? "",
  };
  return { link: hashOfLink(link) ? link : null, done: false };
}

export async function action({ request }: ActionFunctionArgs) {
  const query = new URL(request.url).searchParams;
  return formAction(readForm(request), async (formData) => {
    // RFC 8058 one-click: a mail provider POSTs "List-Unsubscribe=One-Click" to the link itself,
    // so the link's fields may come in its query rather than the form.
    const oneClick = formData.get("List-Unsubscribe") === "One-Click";
    const pick = (k: string) => formData.get(k) ?? query.get(k) ?? undefined;
    // A link cut short or altered is one refusal in words, never a list of its field names.
    const parsed = schema.safeParse({ h: pick("h"), a: pick("a"), s: pick("s") });
    if (!parsed.success) throw new DomainError("notification.unsubscribe.badLink");
    await unsubscribe(await getDb(), parsed.data);
    if (oneClick) return new Response(null, { status: 200 });
    return "/notifications/unsubscribe?notice=notification.unsubscribe.done";
  });
}

export default function Unsubscribe() {
  const { link, done } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("notification.unsubscribe.title")}</h1>
      <ErrorSummary failure={failure} labels={{}} />
      {done ? null : link ? (
        <Form method="post" className="stack">
          {link.h ? <input type="hidden" name="h" value={link.h} /> : null}
          {link.a ? <input type="hidden" name="a" value={link.a} /> : null}
          <input type="hidden" name="s" value={link.s} />
          <p>{t("notification.unsubscribe.ask")}</p>
          <p className="hint">{t("notification.unsubscribe.hint")}</p>
          <div>
            <button className="primary" type="submit">
              {t("notification.unsubscribe.submit")}
            </button>
          </div>
        </Form>
      ) : (
        <Message tone="error" message={{ key: "notification.unsubscribe.badLink" }} />
      )}
    </>
  );
}
