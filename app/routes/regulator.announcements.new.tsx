import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { forbidden, requireRole } from "#app/accounts/auth.server.ts";
import { announceable, previewAnnouncement, publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { getDb } from "#app/db.server.ts";
import { field } from "#app/forms/form.ts";
import { confirmationStep, readForm } from "#app/forms/form.server.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { isConfirmed, splitActionData } from "#app/forms/confirmation.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";
import { ConfirmationPanel } from "#app/ui/confirmation-panel.tsx";
import { useT } from "#app/i18n/use-t.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { titled } from "#app/ui/page-title.ts";

export const handle = titled("announcement.new");

const schema = z.object({
  number: field.text(100),
  title: field.text(200),
  publishedOn: field.date(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  if (!user.isApprover) throw forbidden();
  return { items: await announceable(await getDb(), user), today: shanghaiDate() };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  if (!user.isApprover) throw forbidden();
  return formAction(readForm(request), async (formData) => {
    const input = {
      ...formInput(formData, schema),
      authorizationIds: formData.getAll("authorizationIds").filter((v): v is string => typeof v === "string"),
    };
    const db = await getDb();
    // Publishing is a legal act: the first submit shows exactly what would be announced.
    if (!isConfirmed(formData)) return confirmationStep(formData, await previewAnnouncement(db, user, input));
    const announcement = await publishAnnouncement(db, user, input);
    return `/announcements/${announcement.id}?published=1`;
  });
}

export const shouldRevalidate = revalidateAfterEverySubmission;

export default function NewAnnouncement() {
  const { items, today } = useLoaderData<typeof loader>();
  const { failure, confirmation } = splitActionData(useActionData<typeof action>());
  const t = useT();
  // Nothing is ticked until the approver ticks it; after a refusal, what they ticked stays ticked.
  const ticked = new Set(failure?.values.authorizationIds?.split(",") ?? []);
  return (
    <>
      <h1>{t("announcement.new")}</h1>
      <ErrorSummary
        failure={failure}
        labels={{
          number: t("announcement.number"),
          title: t("announcement.titleField"),
          publishedOn: t("announcement.publishedOn"),
          authorizationIds: t("announcement.entries"),
        }}
      />
      {confirmation ? (
        <ConfirmationPanel confirmation={confirmation} cancelHref="/regulator/announcements/new" />
      ) : items.length === 0 ? (
        <p>{t("announcement.nothing")}</p>
      ) : (
        <Form method="post" className="stack" noValidate>
          <TextField name="number" label={t("announcement.number")} required failure={failure} maxLength={100} />
          <TextField name="title" label={t("announcement.titleField")} required failure={failure} maxLength={200} />
          <TextField
            name="publishedOn"
            label={t("announcement.publishedOn")}
            type="date"
            required
            failure={failure}
            defaultValue={today}
          />
          <fieldset>
            <legend>
              {t("announcement.entries")} / {t("announcement.exits")}
            </legend>
            {items.map((item) => (
              <div className="check" key={item.id}>
                <input
                  type="checkbox"
                  id={`item-${item.id}`}
                  name="authorizationIds"
                  value={item.id}
                  defaultChecked={ticked.has(item.id)}
                />
                <label htmlFor={`item-${item.id}`}>
                  {item.status === "approved" ? t("announcement.entries") : t("announcement.exits")}
                  {t("punct.colon")}
                  {item.mark_name} · {item.enterprise_name}
                  {t("punct.paren", { text: item.uscc })}
                  {item.exit_reason ? ` · ${t(`exit.${item.exit_reason}`)}` : ""}
                </label>
              </div>
            ))}
          </fieldset>
          <div>
            <button className="primary" type="submit">
              {t("announcement.publish")}
            </button>
          </div>
        </Form>
      )}
    </>
  );
}
