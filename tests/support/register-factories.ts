import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";

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
  const county = options.county ?? "430923";
  const mark = await db
    .insertInto("mark")
    .values({
      slug: options.slug,
      name: `测试标志-${options.slug}`,
      kind: (options.kind ?? "gi_product") as never,
      division_code: county,
      approving_level: options.approvingLevel ?? "county",
      trademark_valid_until: options.trademarkValidUntil ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const townships =
    options.townships ??
    (await db.selectFrom("division").select("code").where("parent_code", "=", county).limit(3).execute()).map(
      (r) => r.code,
    );
  await db
    .insertInto("mark_area")
    .values(townships.map((code) => ({ mark_id: mark.id, division_code: code })))
    .execute();
  return { ...mark, townships };
}

/** A site-check report as a regulator uploads it with a review (stored only if the review happens). */
export const SITE_CHECK_PDF = { name: "核验报告.pdf", bytes: PDF_BYTES };
