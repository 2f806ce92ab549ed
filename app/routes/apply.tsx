import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { applyForMark } from "#app/authorization/authorization.server.ts";
import { applicationSchema, MAX_APPLICATION_FILES } from "#app/authorization/application-form.ts";
import { applicationOptions } from "#app/authorization/queries.server.ts";
import { getDb } from "#app/db.server.ts";
import { findVisibleEnterprise } from "#app/enterprise/enterprise.server.ts";
import { parseForm } from "#app/forms/form.ts";
import { domainFailure, formFailure } from "#app/forms/form.server.ts";
import { readMultipart } from "#app/forms/upload.server.ts";
import { submitWithDrafts } from "#app/document/upload-draft.server.ts";
import { ApplicationFields, applicationLabels } from "#app/ui/application-fields.tsx";
import { ErrorSummary } from "#app/ui/form-fields.tsx";
import { useT } from "#app/i18n/use-t.ts";
import { titled } from "#app/ui/page-title.ts";

export const handle = titled("apply.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const db = await getDb();
  const [marks, enterprise] = await Promise.all([
    applicationOptions(db),
    findVisibleEnterprise(db, user, user.enterpriseId ?? ""),
  ]);
  return { marks, contact: { name: enterprise?.contact_name ?? "", phone: enterprise?.contact_phone ?? "" } };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "enterprise");
  const db = await getDb();
  try {
    const upload = await readMultipart(request, MAX_APPLICATION_FILES, "documents", { keepOversized: true });
    const outcome = await submitWithDrafts(
      db,
      user,
      "apply",
      upload,
      MAX_APPLICATION_FILES,
      (formData) => parseForm(formData, applicationSchema),
      (application, files) =>
        applyForMark(db, user, { ...application, documents: files.uploads, keptDrafts: files.drafts }),
    );
    if (!outcome.ok) return formFailure(outcome.failure, outcome.status);
    throw redirect(`/authorizations/${outcome.result.id}?done=submit`);
  } catch (error) {
    if (error instanceof Response) throw error;
    return domainFailure(error, new FormData());
  }
}

export default function Apply() {
  const { marks, contact } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("apply.title")}</h1>
      <ErrorSummary failure={failure} labels={applicationLabels(t)} />
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        {/* Enter in a field submits the application, never a kept file's "remove" (the first submit button is the default). */}
        <button type="submit" className="visually-hidden" tabIndex={-1} aria-hidden="true">
          {t("apply.submit")}
        </button>
        <ApplicationFields
          marks={marks}
          failure={failure}
          defaults={{ labelManagerName: contact.name, labelManagerPhone: contact.phone }}
          withDocuments
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
