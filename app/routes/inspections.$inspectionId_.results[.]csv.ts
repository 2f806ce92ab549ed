import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { campaignDetail } from "#app/inspection/inspection.server.ts";
import type { InspectionItem } from "#app/inspection/items.ts";
import { idParam } from "#app/http/params.ts";

/** Public results of one campaign, formula-safe. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const detail = await campaignDetail(await getDb(), idParam(params, "inspectionId"));
  if (!detail) throw notFound();
  const t = requestT(request);
  return tableResponse(
    request,
    `inspection-${detail.inspection.number}`,
    [
      t("inspection.number"),
      t("inspection.position"),
      t("enterprise.name"),
      t("enterprise.uscc"),
      t("inspection.marks"),
      t("inspection.inspectors"),
      t("inspection.result"),
      t("inspection.failedItems"),
      t("inspection.inspectedOn"),
      t("inspection.rectifyDeadline"),
      t("inspection.note"),
    ],
    detail.targets.map((x) => [
      detail.inspection.number,
      x.position,
      x.enterprise_name,
      x.uscc,
      x.mark_name,
      x.inspectors.map((i) => i.display_name).join(t("punct.list")),
      t(`inspection.result.${x.result ?? "pending"}`),
      x.failed_items.map((k) => t(`inspection.item.${k as InspectionItem}`)).join(t("punct.list")),
      x.inspected_on,
      x.rectify_deadline,
      x.note,
    ]),
  );
}
