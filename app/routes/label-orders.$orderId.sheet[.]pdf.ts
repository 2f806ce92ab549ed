import type { LoaderFunctionArgs } from "@remix-run/node";
import { may } from "#app/permission/permissions.ts";
import { MAX_SHEET_LABELS } from "#app/label/order-rules.ts";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { getEnv } from "#app/env.server.ts";
import { enterpriseForLabelSheet } from "#app/enterprise/enterprise.server.ts";
import { requestT } from "#app/http/request.server.ts";
import { encodeCode, formatCode, formatSerial } from "#app/label-code/code.ts";
import { printedUrl } from "#app/label/export.server.ts";
import { findOrderFor } from "#app/label/label-order.server.ts";
import { labelPage } from "#app/label/queries.server.ts";
import { labelFontPath, labelSheetPdf } from "#app/label/sheet-pdf.server.ts";
import { findMarkById } from "#app/mark/mark.server.ts";
import { idParam } from "#app/http/params.ts";

/** The printable label sheet as a PDF, for whoever prints (same rules as the sheet page). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const order = await findOrderFor(db, user, idParam(params, "orderId"));
  const mayPrint = order && may(user, "order.printSheet", order);
  if (!order || !mayPrint) throw notFound();
  const font = labelFontPath();
  if (!font)
    return new Response(requestT(request)("labels.pdfNoFont"), {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  const [mark, enterprise, rows] = await Promise.all([
    findMarkById(db, order.mark_id),
    enterpriseForLabelSheet(db, order.enterprise_id),
    labelPage(db, order.id, 0, MAX_SHEET_LABELS),
  ]);
  const origin = getEnv().PUBLIC_ORIGIN ?? new URL(request.url).origin;
  const basis = mark!.kind === "gi_product" ? (mark!.standard_code ?? mark!.legal_basis) : mark!.legal_basis;
  const labels = rows.map((row) => {
    const code = encodeCode(new Uint8Array(row.code));
    const serial = formatSerial(mark!, order.serial_year ?? 0, row.serial);
    return { serial, code: formatCode(code), url: printedUrl(origin, mark!, serial, code) };
  });
  const pdf = labelSheetPdf(font, { markName: mark!.name, uscc: enterprise?.uscc ?? "", basis: basis ?? "" }, labels);
  return new Response(createReadableStreamFromReadable(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="labels-${order.serial_year}-${order.serial_from}-${order.serial_to}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
}
