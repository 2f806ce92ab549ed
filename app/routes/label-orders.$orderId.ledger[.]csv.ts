import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { tableResponse } from "#app/spreadsheet/table-response.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { atBeijingTime } from "#app/i18n/i18n.ts";
import { formatSerial } from "#app/label-code/code.ts";
import { isVoidReason } from "#app/label/void-reasons.ts";
import { orderDetail } from "#app/label/queries.server.ts";
import { idParam } from "#app/http/params.ts";

/** Every ledger entry of one order, for whoever may see the order. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const detail = await orderDetail(await getDb(), user, idParam(params, "orderId"));
  if (!detail) throw notFound();
  const t = requestT(request);
  const serial = (n: number | null) => (n === null ? "" : formatSerial(detail.mark, detail.order.serial_year ?? 0, n));
  return tableResponse(
    request,
    `ledger-${detail.order.id}`,
    [
      atBeijingTime(t, "column.recordedAt"),
      t("column.ledgerEntry"),
      t("labels.from"),
      t("labels.to"),
      t("labels.quantity"),
      t("labels.reason"),
      t("labels.batchNo"),
      t("column.actor"),
    ],
    detail.ledger.map((l) => [
      l.at,
      t(`ledger.${l.action}`),
      serial(l.serial_from),
      serial(l.serial_to),
      l.count,
      isVoidReason(l.reason) && (l.action === "void" || l.action === "spoil")
        ? t(`labels.voidReason.${l.reason}`)
        : l.reason,
      l.batch_no,
      l.actor,
    ]),
  );
}
