import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { applyForMark } from "#app/authorization/application.server.ts";
import { applicationSchema, MAX_APPLICATION_FILES } from "#app/authorization/application-form.ts";
import { applicationChoice, applicationMarks } from "#app/authorization/queries.server.ts";
import { getDb } from "#app/db.server.ts";
import { findVisibleEnterprise } from "#app/enterprise/enterprise.server.ts";
import { parseForm, type FormFailure } from "#app/forms/form.ts";
import { formFailure } from "#app/forms/form.server.ts";
import { readMultipart } from "#app/forms/upload.server.ts";
import { submitWithDrafts } from "#app/document/upload-draft.server.ts";
import { ApplicationFields, applicationLabels } from "#app/ui/application-fields.tsx";
import { ErrorSummary } from "#app/ui/form-fields.tsx";
import { SelectField } from "#app/ui/select-field.tsx";
import { useT } from "#app/i18n/use-t.ts";
import { DomainError } from "#app/errors.ts";
import { titled } from "#app/ui/page-title.ts";
import { formAction } from "#app/forms/action.server.ts";
import { Fact, Facts } from "#app/ui/facts.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("apply.title");

/**
 * Two steps, each a page of its own so both work without JavaScript: step 1 chooses the mark (a
 * GET form: the choice is in the URL, `?mark=<slug>`), step 2 is the application for that mark.
 */
export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const db = await getDb();
  const slug = new URL(request.url).searchParams.get("mark");
  const [marks, chosen, enterprise] = await Promise.all([
    applicationMarks(db),
    slug ? applicationChoice(db, { slug: slug.slice(0, 100) }) : undefined,
    findVisibleEnterprise(db, user, user.enterpriseId ?? ""),
  ]);
  return {
    marks,
    chosen: chosen ?? null,
    unknownMark: Boolean(slug) && !chosen,
    contact: { name: enterprise?.contact_name ?? "", phone: enterprise?.contact_phone ?? "" },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const db = await getDb();
  // Oversized files are named beside their inputs and the rest kept (submitWithDrafts).
  const upload = readMultipart(request, MAX_APPLICATION_FILES, "documents", { keepOversized: true });
  return formAction(upload, async (upload) => {
    // The mark is the one the page was for (?mark=, step 1), whatever a forged or stale body names:
    // what is filed is what the user saw.
    const slug = new URL(request.url).searchParams.get("mark");
    const chosen = slug ? await applicationChoice(db, { slug: slug.slice(0, 100) }) : undefined;
    if (!chosen) throw new DomainError("application.markUnknown", { field: "mark" });
    // A township outside the mark's area or a route that does not fit it is refused here too.
    const outcome = await submitWithDrafts(
      db,
      user,
      "apply",
      upload,
      MAX_APPLICATION_FILES,
      (formData) => parseForm(formData, applicationSchema),
      (application, files) =>
        applyForMark(db, user, {
          ...application,
          markId: chosen.id,
          documents: files.uploads,
          keptDrafts: files.drafts,
        }),
    );
    if (!outcome.ok) return formFailure(outcome.failure, outcome.status);
    return `/authorizations/${outcome.result.id}?done=submit`;
  });
}

export default function Apply() {
  const { marks, chosen, unknownMark, contact } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  if (!chosen) {
    const markFailure: FormFailure | null = unknownMark
      ? { ok: false, values: {}, fieldErrors: { mark: { key: "application.markUnknown" } } }
      : null;
    return (
      <>
        <h1>{t("apply.title")}</h1>
        <ErrorSummary failure={failure ?? markFailure} labels={{ ...applicationLabels(t), mark: t("apply.mark") }} />
        <p>{t("apply.step1")}</p>
        <Form method="get" className="stack">
          <SelectField name="mark" label={t("apply.mark")} failure={markFailure} required>
            {marks.map((m) => (
              <option key={m.id} value={m.slug}>
                {m.name}
                {t("punct.paren", { text: t(`mark.kind.${m.kind}`) })}
              </option>
            ))}
          </SelectField>
          <div>
            <button className="primary" type="submit">
              {t("apply.next")}
            </button>
          </div>
        </Form>
      </>
    );
  }
  return (
    <>
      <h1>{t("apply.title")}</h1>
      <ErrorSummary failure={failure} labels={applicationLabels(t)} />
      <p>{t("apply.step2")}</p>
      <Facts>
        <Fact label={t("apply.mark")}>
          {chosen.name}
          {t("punct.paren", { text: t(`mark.kind.${chosen.kind}`) })} · <a href="/apply">{t("apply.changeMark")}</a>
        </Fact>
      </Facts>
      <Form
        method="post"
        action={`/apply?mark=${encodeURIComponent(chosen.slug)}`}
        encType="multipart/form-data"
        className="stack"
        noValidate
      >
        {/* Enter in a field submits the application, never a kept file's "remove" (the first submit button is the default). */}
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("apply.submit")}
        </button>
        <ApplicationFields
          mark={chosen}
          failure={failure}
          defaults={{ labelManagerName: contact.name, labelManagerPhone: contact.phone }}
          withDocuments
          chooseRoute
        />
        <div>
          <button className="primary" type="submit">
            {t("apply.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
