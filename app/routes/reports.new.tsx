import { randomUUID } from "node:crypto";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { coarseNetwork, reportsOpen, reportWait } from "#app/rate-limit/rate-limit.server.ts";
import { getDb } from "#app/db.server.ts";
import { requestLang } from "#app/http/request.server.ts";
import { DomainError } from "#app/errors.ts";
import { domainFailure } from "#app/forms/form.server.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { readMultipart } from "#app/forms/upload.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { markChoices } from "#app/mark/mark.server.ts";
import { fileReport, MAX_REPORT_PHOTOS } from "#app/report/report.server.ts";
import { PROBLEMS, reportSchema } from "#app/report/report-form.ts";
import { ErrorSummary, TextAreaField, TextField } from "#app/ui/form-fields.tsx";
import { FileField, SelectField } from "#app/ui/select-field.tsx";
import { MarkOptions } from "#app/ui/mark-options.tsx";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled("report.title");

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request }: LoaderFunctionArgs) {
  const code = (new URL(request.url).searchParams.get("code") ?? "").slice(0, 64);
  return {
    code,
    marks: await markChoices(await getDb()),
    submissionKey: randomUUID(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const network = coarseNetwork(context.clientIp);
  // A network over its limit is told before its photos are read: a flood costs no upload work.
  const closed = await reportsOpen(network);
  if (closed) return domainFailure(tooMany(closed), new FormData());
  return formAction(readMultipart(request, MAX_REPORT_PHOTOS + 2, "photos"), async ({ formData, files }) => {
    const input = formInput(formData, reportSchema);
    const photos = files.filter((f) => f.field === "photos");
    if (photos.length > MAX_REPORT_PHOTOS) throw new DomainError("report.tooManyPhotos", { field: "photos" });
    const wait = await reportWait(network);
    if (wait) throw tooMany(wait);
    const report = await fileReport(await getDb(), { ...input, lang: requestLang(request) }, photos);
    return `/reports/status?ticket=${encodeURIComponent(report.ticket)}&new=1`;
  });
}

/** Over the reports limit: asked to wait (429), whatever was typed kept. */
function tooMany(seconds: number) {
  return new DomainError("error.tooMany.text", { params: { seconds }, status: 429, retryAfter: seconds });
}

export default function NewReport() {
  const { code, marks, submissionKey } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  const labels = {
    codeInput: t("report.code"),
    markId: t("report.mark"),
    problem: t("report.problem"),
    description: t("report.description"),
    placeKind: t("report.placeKind"),
    place: t("report.place"),
    contact: t("report.contact"),
    photos: t("report.photos"),
  };
  return (
    <>
      <h1>{t("report.title")}</h1>
      <p>{t("report.lead")}</p>
      <ErrorSummary failure={failure} labels={labels} />
      <Form method="post" encType="multipart/form-data" className="stack" noValidate>
        <input type="hidden" name="submissionKey" value={failure?.values.submissionKey ?? submissionKey} />
        <TextField
          name="codeInput"
          label={labels.codeInput}
          required
          failure={failure}
          defaultValue={code}
          maxLength={64}
        />
        <SelectField name="markId" label={labels.markId} hint={t("report.markHint")} failure={failure}>
          <MarkOptions marks={marks} />
        </SelectField>
        <SelectField name="problem" label={labels.problem} failure={failure} required>
          <option value="">{t("report.markChoose")}</option>
          {PROBLEMS.map((p) => (
            <option key={p} value={p}>
              {t(`report.problem.${p}`)}
            </option>
          ))}
        </SelectField>
        <TextAreaField name="description" label={labels.description} required failure={failure} maxLength={2000} />
        <SelectField name="placeKind" label={labels.placeKind} failure={failure} required>
          <option value="shop">{t("report.placeKind.shop")}</option>
          <option value="online">{t("report.placeKind.online")}</option>
        </SelectField>
        <TextField name="place" label={labels.place} required failure={failure} maxLength={500} />
        <FileField name="photos" label={labels.photos} failure={failure} multiple kind="image" />
        <TextField
          name="contact"
          label={labels.contact}
          hint={t("report.contactHint")}
          failure={failure}
          maxLength={100}
        />
        <div>
          <button className="primary" type="submit">
            {t("report.submit")}
          </button>
        </div>
      </Form>
    </>
  );
}
