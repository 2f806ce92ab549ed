import { randomUUID } from "node:crypto";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, requireRole } from "#app/accounts/auth.server.ts";
import { coversDivision } from "#app/accounts/scope.server.ts";
import { getDb } from "#app/db.server.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { readMultipart } from "#app/forms/upload.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { markChoices } from "#app/mark/mark.server.ts";
import { may } from "#app/permission/permissions.ts";
import { MAX_REPORT_PHOTOS } from "#app/report/report.server.ts";
import { fileListingReport, takedownPlatforms } from "#app/report/listing-report.server.ts";
import { listingReportSchema } from "#app/report/listing-form.ts";
import { ErrorSummary, TextAreaField, TextField } from "#app/ui/form-fields.tsx";
import { FileField, SelectField } from "#app/ui/select-field.tsx";
import { MarkOptions } from "#app/ui/mark-options.tsx";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("listing.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  if (!may(user, "listing.file", null)) throw forbidden();
  const db = await getDb();
  const [marks, platforms] = await Promise.all([markChoices(db), takedownPlatforms(db)]);
  return {
    marks,
    platforms,
    submissionKey: randomUUID(),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  if (!may(user, "listing.file", null)) throw forbidden();
  return formAction(readMultipart(request, MAX_REPORT_PHOTOS + 2, "screenshots"), async (upload) => {
    const input = formInput(upload.formData, listingReportSchema);
    const screenshots = upload.files.filter((f) => f.field === "screenshots");
    const filed = await fileListingReport(await getDb(), { user }, input, screenshots);
    return coversDivision(user, filed.divisionCode)
      ? `/regulator/reports/${filed.id}?done=listing`
      : `/regulator/reports?kind=listing&filed=${encodeURIComponent(filed.ticket)}`;
  });
}

export default function NewListingReport() {
  const { marks, platforms, submissionKey } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const labels = {
    platform: t("listing.platform"),
    platformClientId: t("listing.platformClient"),
    shopName: t("listing.shopName"),
    sellerUscc: t("listing.sellerUscc"),
    listingUrl: t("listing.listingUrl"),
    mark: t("listing.mark"),
    description: t("listing.description"),
    screenshots: t("listing.screenshots"),
  };
  return (
    <>
      <h1>{t("listing.title")}</h1>
      <p>{t("listing.lead")}</p>
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <input type="hidden" name="submissionKey" value={failure?.values.submissionKey ?? submissionKey} />
        <SelectField name="mark" label={labels.mark} failure={failure} required>
          <MarkOptions marks={marks} />
        </SelectField>
        <SelectField name="platformClientId" label={labels.platformClientId} failure={failure}>
          <option value="">{t("listing.platformClientNone")}</option>
          {platforms.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </SelectField>
        <TextField
          name="platform"
          label={labels.platform}
          hint={t("listing.platformHint")}
          failure={failure}
          maxLength={100}
        />
        <TextField name="shopName" label={labels.shopName} required failure={failure} maxLength={200} />
        <TextField name="sellerUscc" label={labels.sellerUscc} failure={failure} maxLength={64} />
        <TextField name="listingUrl" label={labels.listingUrl} required failure={failure} maxLength={2000} />
        <TextAreaField name="description" label={labels.description} required failure={failure} maxLength={2000} />
        <FileField name="screenshots" label={labels.screenshots} failure={failure} multiple kind="image" />
        <div>
          <button className="primary" type="submit">
            {t("listing.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
