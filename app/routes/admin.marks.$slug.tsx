import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { markForEditing, maySetLegalFrame, saveMark, setQualityDocument } from "#app/mark/mark-admin.server.ts";
import { changeArea, searchTownships } from "#app/mark/protection-area.server.ts";
import { DomainError } from "#app/errors.ts";
import { readMultipart } from "#app/forms/upload.server.ts";
import { FileField } from "#app/ui/select-field.tsx";
import { areaChangeSchema, markSchema } from "#app/mark/mark-form.ts";
import { ErrorSummary, TextField } from "#app/ui/form-fields.tsx";
import { MarkFields, markLabels } from "#app/ui/mark-form.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { ActionCard } from "#app/ui/action-card.tsx";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((t, d) => `${d.mark.name} · ${t("marks.edit")}`);

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin", "regulator");
  const db = await getDb();
  const found = await markForEditing(db, user, params.slug ?? "");
  if (!found) throw notFound();
  const areaQuery = (new URL(request.url).searchParams.get("areaQuery") ?? "").slice(0, 50);
  const inArea = new Set(found.area.map((a) => a.code));
  const matches = (await searchTownships(db, found.mark.division_code, areaQuery)).filter((m) => !inArea.has(m.code));
  return { ...found, areaQuery, matches, legalFrameFixed: !maySetLegalFrame(user) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin", "regulator");
  const slug = params.slug ?? "";
  const db = await getDb();
  // The quality document comes as an upload; every other form of the page is urlencoded.
  return formAction(readMultipart(request, 1), async ({ formData, files }) => {
    if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
      const file = files[0];
      if (!file) throw new DomainError("form.required", { field: "documents" });
      await setQualityDocument(db, user, slug, file);
      return `/admin/marks/${slug}?saved=1`;
    }
    const intent = formData.get("intent");
    if (intent === "addArea" || intent === "removeArea") {
      const { codes, documentRef } = formInput(formData, areaChangeSchema, { multi: ["codes"] });
      const change = intent === "addArea" ? { add: codes, documentRef } : { remove: codes, documentRef };
      await changeArea(db, user, slug, change);
      return `/admin/marks/${slug}?saved=1#area`;
    }
    const input = formInput(formData, markSchema);
    await saveMark(db, user, { ...input, printerIds: formData.getAll("printerIds").map(String) }, slug);
    return `/admin/marks/${slug}?saved=1`;
  });
}

export default function EditMark() {
  const { mark, area, printerIds, allPrinters, areaQuery, matches, legalFrameFixed } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  // Without JavaScript the page is drawn afresh after a refusal: tick again what was ticked.
  const ticked = new Set((failure?.values.codes ?? "").split(","));
  return (
    <>
      <h1>
        {mark.name} · {t("marks.edit")}
      </h1>
      {params.get("saved") ? (
        <div className="alert ok" role="status">
          {t("marks.saved")}
        </div>
      ) : null}
      <ErrorSummary
        failure={failure}
        labels={{ ...markLabels(t), codes: t("mark.area"), documentRef: t("mark.areaDocumentRef") }}
      />
      <Form method="post" className="stack" noValidate>
        <MarkFields
          failure={failure}
          d={mark}
          printers={allPrinters}
          printerIds={printerIds}
          fixedSlug
          legalFrameFixed={legalFrameFixed}
        />
        <div>
          <button className="primary" type="submit">
            {t("common.save")}
          </button>
        </div>
      </Form>

      <ActionCard
        title={t("mark.qualityDocument")}
        heading="h2"
        headingId="quality-doc"
        explanation={
          mark.quality_document_id ? (
            <p>
              <a href={`/marks/${mark.slug}/quality`}>{t("document.download")}</a>
            </p>
          ) : null
        }
        multipart
        validate
        submit={t("common.save")}
        submitClassName="secondary"
      >
        <FileField name="documents" label={t("mark.qualityDocument")} failure={failure} />
      </ActionCard>

      <h2 id="area">{t("mark.area")}</h2>
      <p>{t("mark.areaCount", { count: area.length })}</p>
      <form method="get" className="search-row" role="search">
        <div className="field">
          <label htmlFor="areaQuery">{t("mark.areaSearch")}</label>
          <input id="areaQuery" name="areaQuery" defaultValue={areaQuery} maxLength={50} />
        </div>
        <div>
          <button className="secondary" type="submit">
            {t("register.searchSubmit")}
          </button>
        </div>
      </form>
      {matches.length ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="addArea" />
          <fieldset>
            <legend>{t("mark.areaAdd")}</legend>
            {matches.map((m) => (
              <div className="check" key={m.code}>
                <input
                  type="checkbox"
                  id={`add-${m.code}`}
                  name="codes"
                  value={m.code}
                  defaultChecked={failure?.values.intent === "addArea" && ticked.has(m.code)}
                />
                <label htmlFor={`add-${m.code}`}>
                  {m.full_name} <span className="code muted">{m.code}</span>
                </label>
              </div>
            ))}
          </fieldset>
          <TextField
            name="documentRef"
            idPrefix="add"
            label={t("mark.areaDocumentRef")}
            hint={t("mark.areaDocumentRefHint")}
            failure={failure?.values.intent === "addArea" ? failure : undefined}
            maxLength={200}
          />
          <div>
            <button className="primary" type="submit">
              {t("mark.areaAdd")}
            </button>
          </div>
        </Form>
      ) : null}
      {area.length ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="removeArea" />
          <fieldset>
            <legend>{t("mark.areaRemove")}</legend>
            {area.map((a) => (
              <div className="check" key={a.code}>
                <input
                  type="checkbox"
                  id={`rm-${a.code}`}
                  name="codes"
                  value={a.code}
                  defaultChecked={failure?.values.intent === "removeArea" && ticked.has(a.code)}
                />
                <label htmlFor={`rm-${a.code}`}>
                  {a.full_name} <span className="code muted">{a.code}</span>
                </label>
              </div>
            ))}
          </fieldset>
          <TextField
            name="documentRef"
            idPrefix="remove"
            label={t("mark.areaDocumentRef")}
            hint={t("mark.areaDocumentRefHint")}
            failure={failure?.values.intent === "removeArea" ? failure : undefined}
            maxLength={200}
          />
          <div>
            <button className="secondary" type="submit">
              {t("mark.areaRemove")}
            </button>
          </div>
        </Form>
      ) : null}
    </>
  );
}
