import type { LoaderFunctionArgs } from "@remix-run/node";
import { may } from "#app/permission/permissions.ts";
import { MAX_SHEET_LABELS } from "#app/label/order-rules.ts";
import { useLoaderData } from "@remix-run/react";
import { notFound, requireUser } from "#app/accounts/auth.server.ts";
import { getDb } from "#app/db.server.ts";
import { getEnv } from "#app/env.server.ts";
import { useT } from "#app/i18n/use-t.ts";
import { encodeCode, formatCode, formatSerial } from "#app/label-code/code.ts";
import { printedUrl } from "#app/label/export.server.ts";
import { QR_ERROR_CORRECTION, QR_QUIET_ZONE_MODULES, moduleMm, qrSvg } from "#app/label/qr-symbol.ts";
import { findOrderFor } from "#app/label/label-order.server.ts";
import { labelPage } from "#app/label/queries.server.ts";
import { labelText } from "#app/label/label-text.ts";
import { findMarkById } from "#app/mark/mark.server.ts";
import { enterpriseForLabelSheet } from "#app/enterprise/enterprise.server.ts";
import { idParam } from "#app/http/params.ts";
import { titled } from "#app/ui/page-title.ts";
import { revalidateAfterEverySubmission } from "#app/forms/revalidate.ts";

export const handle = titled<typeof loader>(
  (t, d) => `${d.markName} · ${t("labels.sheetHeading", { n: d.labels.length })}`,
);

/** A printable sheet: QR code, mark name, the user's credit code, and the legal basis the rules require. */
export const shouldRevalidate = revalidateAfterEverySubmission;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const db = await getDb();
  const order = await findOrderFor(db, user, idParam(params, "orderId"));
  const mayPrint = order && may(user, "order.printSheet", order);
  if (!order || !mayPrint) throw notFound();
  const [mark, enterprise, rows] = await Promise.all([
    findMarkById(db, order.mark_id),
    enterpriseForLabelSheet(db, order.enterprise_id),
    labelPage(db, order.id, 0, MAX_SHEET_LABELS),
  ]);
  const origin = getEnv().PUBLIC_ORIGIN ?? new URL(request.url).origin;
  const labels = rows.map((row) => {
    const code = encodeCode(new Uint8Array(row.code));
    const serial = formatSerial(mark!, order.serial_year ?? 0, row.serial);
    return { serial, code: formatCode(code), qr: qrSvg(printedUrl(origin, mark!, serial, code)) };
  });
  const basis = mark!.kind === "gi_product" ? (mark!.standard_code ?? mark!.legal_basis) : mark!.legal_basis;
  const qrSpec = { level: QR_ERROR_CORRECTION, module: moduleMm().toFixed(3), quiet: QR_QUIET_ZONE_MODULES };
  return { markName: mark!.name, uscc: enterprise?.uscc ?? "", basis: basis ?? "", labels, qrSpec };
}

export default function LabelSheet() {
  const { markName, uscc, basis, labels, qrSpec } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <div className="label-sheet">
      <p className="no-print">{t("labels.sheetHeading", { n: labels.length })}</p>
      <p className="no-print muted">{t("labelSheet.qrSpec", qrSpec)}</p>
      {/* The labels' own words are the product's, in Chinese, in any UI language (label-text.ts). */}
      <ul lang="zh-CN">
        {labels.map((l) => (
          <li key={l.serial} className="label">
            <div className="qr" dangerouslySetInnerHTML={{ __html: l.qr }} />
            <div>
              <strong>{markName}</strong>
              <div>{labelText.uscc(uscc)}</div>
              {basis ? <div>{basis}</div> : null}
              <div className="code">{l.code}</div>
              <div className="code muted">{l.serial}</div>
              <div className="muted">{labelText.verifyHint}</div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
