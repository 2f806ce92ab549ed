import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { insertMarkWithArea } from "#app/demo/factories.server.ts";

export const PDF_BYTES = new TextEncoder().encode(
  "%PDF-1.4\n% site check report\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
);

/** A mark in a county with a protection area of the given townships. */
export async function makeMark(
  db: Kysely<DB>,
  options: {
    slug: string;
    kind?: DB["mark"]["kind"];
    county?: string;
    townships?: string[];
    approvingLevel?: "county" | "province";
    trademarkValidUntil?: string;
  },
) {
  return db.transaction().execute((trx) =>
    insertMarkWithArea(
      trx,
      SYSTEM_ACTOR,
      {
        slug: options.slug,
        name: `测试标志-${options.slug}`,
        kind: options.kind ?? "gi_product",
        divisionCode: options.county ?? "430923",
        approvingLevel: options.approvingLevel ?? "county",
        trademarkValidUntil: options.trademarkValidUntil ?? null,
      },
      options.townships ?? { first: 3 },
    ),
  );
}

/** A site-check report as a regulator uploads it with a review (stored only if the review happens). */
export const SITE_CHECK_PDF = { name: "核验报告.pdf", bytes: PDF_BYTES };
