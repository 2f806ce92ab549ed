import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { readForm } from "#app/forms/form.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { manageableMarks, saveMark } from "#app/mark/mark-admin.server.ts";
import { markSchema } from "#app/mark/mark-form.ts";
import { listPrinters } from "#app/printer/printer.server.ts";
import { CsvLink } from "#app/ui/csv-link.tsx";
import { ErrorSummary } from "#app/ui/form-fields.tsx";
import { MarkFields, markLabels } from "#app/ui/mark-form.tsx";
import { titled } from "#app/ui/page-title.ts";
import { formAction, formInput } from "#app/forms/action.server.ts";

export const handle = titled("marks.admin");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "admin", "regulator");
  const db = await getDb();
  return {
    marks: await manageableMarks(db, user),
    printers: await listPrinters(db),
    defaultDivision: user.divisionCode ?? "",
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin", "regulator");
  return formAction(readForm(request), async (formData) => {
    const input = formInput(formData, markSchema);
    const saved = await saveMark(await getDb(), user, {
      ...input,
      printerIds: formData.getAll("printerIds").map(String),
    });
    return `/admin/marks/${saved.slug}?saved=1`;
  });
}

export default function MarksAdmin() {
  const { marks, printers, defaultDivision } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const t = useT();
  return (
    <>
      <h1>{t("marks.admin")}</h1>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("mark.name")}</th>
              <th scope="col">{t("mark.kind")}</th>
              <th scope="col">{t("home.markDivision")}</th>
              <th scope="col">{t("mark.area")}</th>
            </tr>
          </thead>
          <tbody>
            {marks.map((m) => (
              <tr key={m.id}>
                <td>
                  <a href={`/admin/marks/${m.slug}`}>{m.name}</a>
                </td>
                <td>{t(`mark.kind.${m.kind}`)}</td>
                <td>{m.division_name}</td>
                <td>{t("mark.areaCount", { count: Number(m.townships ?? 0) })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <CsvLink href="/export/managed-marks" />
      <section className="card" aria-labelledby="new-mark">
        <h2 id="new-mark">{t("marks.new")}</h2>
        <ErrorSummary failure={failure} labels={markLabels(t)} />
        <Form method="post" className="stack" noValidate>
          <MarkFields failure={failure} d={{ divisionCode: defaultDivision }} printers={printers} printerIds={[]} />
          <div>
            <button className="primary" type="submit">
              {t("common.save")}
            </button>
          </div>
        </Form>
      </section>
    </>
  );
}
