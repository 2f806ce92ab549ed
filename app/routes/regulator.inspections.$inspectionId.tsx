import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { notFound, requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readMultipart } from "#app/forms/upload.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { campaignForRegulator, findingPhotos, findingSchema, recordFinding } from "#app/inspection/finding.server.ts";
import { INSPECTION_ITEMS } from "#app/inspection/items.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { CheckboxGroup, ErrorSummary, Message, TextAreaField, TextField } from "#app/ui/form-fields.tsx";
import { AwaitingDraw, InspectionTargets } from "#app/ui/inspection-targets.tsx";
import { FileField, SelectField } from "#app/ui/select-field.tsx";
import { idParam } from "#app/http/params.ts";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>((_t, d) => `${d.inspection.number} · ${d.inspection.title}`);

export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, "regulator");
  const db = await getDb();
  const detail = await campaignForRegulator(db, user, idParam(params, "inspectionId"));
  if (!detail) throw notFound();
  const photos: Record<string, string[]> = {};
  for (const p of await findingPhotos(db, detail.inspection.id)) (photos[p.target_id] ??= []).push(p.document_id);
  return { ...detail, photos, today: shanghaiDate() };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, "regulator");
  return formAction(readMultipart(request, 3, "photos"), async ({ formData, files }) => {
    const input = formInput(formData, findingSchema, { multi: ["failedItems"] });
    const photos = files.filter((f) => f.field === "photos");
    const result = await recordFinding(await getDb(), user, input, photos);
    const recorded = result.rectification ? "rectification" : "1";
    return `/regulator/inspections/${idParam(params, "inspectionId")}?recorded=${recorded}`;
  });
}

export default function RegulatorInspection() {
  const { inspection, marks, targets, mine, photos, today } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const pending = targets.filter((x) => mine.includes(x.id) && !x.result);
  const labels = {
    targetId: t("inspection.targets"),
    result: t("inspection.result"),
    failedItems: t("inspection.failedItems"),
    note: t("inspection.note"),
    inspectedOn: t("inspection.inspectedOn"),
    rectifyDeadline: t("inspection.rectifyDeadline"),
    photos: t("inspection.photos"),
  };
  return (
    <>
      <p>
        <a href="/regulator/inspections">← {t("inspection.title")}</a>
      </p>
      <h1>
        {inspection.number} · {inspection.title}
      </h1>
      {params.get("created") ? (
        // Announced either way; by the time the page loads the draw may already be done.
        <Message
          tone="ok"
          message={{
            key: inspection.drawn_at ? "inspection.createdDrawn" : "inspection.created",
            params: { number: inspection.number },
          }}
        />
      ) : null}
      {inspection.drawn_at && inspection.seed_checkpoint_size !== null ? (
        <p>{t("inspection.drawnFrom", { size: inspection.seed_checkpoint_size })}</p>
      ) : null}
      {params.get("recorded") ? (
        <Message
          tone="ok"
          message={{
            key:
              params.get("recorded") === "rectification" ? "inspection.recordedRectification" : "inspection.recorded",
          }}
        />
      ) : null}
      <p>
        {marks.map((m) => m.name).join(t("punct.list"))} ·{" "}
        <a href={`/inspections/${inspection.id}`}>{t("inspection.publicTitle")} →</a>
      </p>
      {inspection.drawn_at ? (
        <InspectionTargets targets={targets} photos={photos} label={`${inspection.number} · ${inspection.title}`} />
      ) : (
        <AwaitingDraw announceLeaf={inspection.announce_leaf} />
      )}
      {inspection.drawn_at ? <h2>{t("inspection.yourTargets")}</h2> : null}
      {pending.length === 0 ? (
        <>
          {/* A refusal with no form left to show it in (the last target sent twice, a manager not assigned). */}
          <ErrorSummary failure={failure} labels={labels} />
          {/* Before the draw nobody has targets yet: the awaiting notice above says so. */}
          {inspection.drawn_at ? <p className="muted">{t("inspection.noneAssigned")}</p> : null}
        </>
      ) : (
        <section className="card">
          <ErrorSummary failure={failure} labels={labels} />
          <Form method="post" encType="multipart/form-data" className="stack" noValidate>
            <SelectField name="targetId" label={labels.targetId} failure={failure} required>
              {pending.map((x) => (
                <option key={x.id} value={x.id}>
                  {x.position}. {x.enterprise_name} · {x.mark_name}
                </option>
              ))}
            </SelectField>
            <SelectField name="result" label={labels.result} failure={failure} required defaultValue="conforming">
              <option value="conforming">{t("inspection.result.conforming")}</option>
              <option value="non_conforming">{t("inspection.result.non_conforming")}</option>
            </SelectField>
            <CheckboxGroup
              name="failedItems"
              legend={labels.failedItems}
              options={INSPECTION_ITEMS.map((k) => ({ value: k, label: t(`inspection.item.${k}`) }))}
              failure={failure}
            />
            <TextAreaField
              name="note"
              label={labels.note}
              hint={t("inspection.noteHint")}
              failure={failure}
              maxLength={2000}
              rows={3}
            />
            <TextField
              name="inspectedOn"
              label={labels.inspectedOn}
              type="date"
              required
              failure={failure}
              defaultValue={today}
            />
            <TextField name="rectifyDeadline" label={labels.rectifyDeadline} type="date" failure={failure} />
            <FileField name="photos" label={labels.photos} failure={failure} multiple />
            <div>
              <button type="submit" className="primary">
                {t("inspection.record")}
              </button>
            </div>
          </Form>
        </section>
      )}
    </>
  );
}
