import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { encodeCode, formatSerial, parseCode } from "#app/label-code/code.ts";

/**
 * A printed Digital Link (decision 056): `/01/<gtin>/21/<serial>?C=<code>` names the label whose
 * secret code is `C`, when that label's serial is `serial`. The code is the proof; the GTIN only has
 * to be well formed (checked by the caller): a mark's GTIN may change after labels were printed with
 * the old one, and those labels stay genuine. A code moved onto another serial names no label.
 */
export async function labelForPrintedDigitalLink(db: Kysely<DB>, serial: string, codeText: string) {
  const parsed = parseCode(codeText);
  if (!parsed.ok) return null;
  const row = await db
    .selectFrom("label")
    .innerJoin("mark", "mark.id", "label.mark_id")
    .innerJoin("label_order as o", "o.id", "label.order_id")
    .leftJoin("product_batch as b", "b.id", "label.batch_id")
    .select([
      "label.code",
      "label.serial",
      "label.serial_year",
      "mark.slug",
      "mark.name",
      "mark.serial_prefix",
      "o.enterprise_id",
      "o.intended_products",
      "b.product",
    ])
    .where("label.code", "=", Buffer.from(parsed.bytes))
    .executeTakeFirst();
  if (!row || row.serial_year === null) return null;
  if (formatSerial(row, row.serial_year, row.serial) !== serial.toUpperCase()) return null;
  return {
    code: encodeCode(new Uint8Array(row.code)),
    markSlug: row.slug,
    markName: row.name,
    enterpriseId: row.enterprise_id,
    product: row.product ?? row.intended_products,
  };
}

/** The Digital Link URI of a label on a batch with a GTIN (upper case, so a QR uses alphanumeric mode). */
export function digitalLinkUri(origin: string, gtin: string, serial: string): string {
  return `${origin}/01/${gtin}/21/${serial}`.toUpperCase();
}

const GS1 = "https://gs1.org/voc/";

/**
 * The RFC 9264 linkset for a label's Digital Link (GS1-Conformant resolver): the verdict page as
 * the default link and the verification service (page and JSON), the mark's register as the
 * product information page, and the enterprise's public timeline as its certification (decision 020).
 */
export function labelLinkset(
  origin: string,
  anchor: string,
  label: NonNullable<Awaited<ReturnType<typeof labelForPrintedDigitalLink>>>,
) {
  const page = {
    href: `${origin}/v/${label.code}`,
    title: "地理标志专用标志核验 · GI mark verification",
    type: "text/html",
    hreflang: ["zh-CN", "en"],
  };
  return {
    linkset: [
      {
        anchor,
        description: `${label.markName} · ${label.product}`,
        [`${GS1}defaultLink`]: [page],
        [`${GS1}verificationService`]: [
          page,
          { href: `${origin}/api/v1/verify/${label.code}`, title: "Verification (JSON)", type: "application/json" },
        ],
        [`${GS1}pip`]: [
          {
            href: `${origin}/marks/${label.markSlug}`,
            title: `${label.markName} 合法使用人名录`,
            type: "text/html",
            hreflang: ["zh-CN"],
          },
        ],
        [`${GS1}certificationInfo`]: [
          {
            href: `${origin}/registry/enterprises/${label.enterpriseId}`,
            title: "用标资格及其历史 · Authorization and its history",
            type: "text/html",
            hreflang: ["zh-CN"],
          },
        ],
      },
    ],
  };
}

/** /.well-known/gs1resolver, per the GS1-Conformant resolver standard's description file. */
export function resolverDescription(origin: string) {
  return {
    name: "地理标志专用标志平台 · GI Mark Registry",
    resolverRoot: origin,
    supportedPrimaryKeys: ["01"],
    supportedLinkType: [{ namespace: GS1, prefix: "gs1:" }],
    linkTypeDefaultCanBeLinkset: false,
  };
}
