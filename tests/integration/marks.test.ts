import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manageableMarks, markForEditing, saveMark, type MarkInput } from "#app/mark/mark-admin.server.ts";
import { changeArea, searchTownships } from "#app/mark/protection-area.server.ts";
import { DomainError } from "#app/errors.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const input = (over: Partial<MarkInput> = {}): MarkInput => ({
  slug: "anhua-citrus",
  name: "安化柑橘",
  kind: "regional_brand",
  divisionCode: "430923",
  approvingLevel: "county",
  reviewWorkingDays: 10,
  scanWarnThreshold: 5,
  printOrdersNeedApproval: true,
  allowSelfPrint: false,
  printerIds: [],
  ...over,
});

const key = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof DomainError ? e.key : String(e)),
  );

describe("mark management", () => {
  it("a county regulator creates a mark in its county, not in another", async () => {
    const anhua = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    await saveMark(t.db, anhua, input());
    expect(await key(saveMark(t.db, anhua, input({ slug: "zhashui-x", divisionCode: "611026" })))).toBe(
      "error.forbidden.text",
    );
    expect(await key(saveMark(t.db, anhua, input({ slug: "anhua-citrus" })))).toBe("mark.slugTaken");
    expect(await key(saveMark(t.db, anhua, input({ slug: "anhua-cert", kind: "certification_mark" })))).toBe(
      "mark.registrantRequired",
    );
    expect((await manageableMarks(t.db, anhua)).map((m) => m.slug)).toEqual(["anhua-citrus"]);
    const other = await makeUser(t.db, "regulator", { divisionCode: "611026" });
    expect(await markForEditing(t.db, other, "anhua-citrus")).toBeUndefined();
  });

  it("a mark opts its printed QR codes into GS1 Digital Link with a GTIN whose check digit holds", async () => {
    const anhua = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    // A wrong check digit is refused in words and nothing is saved.
    expect(await key(saveMark(t.db, anhua, input({ slug: "anhua-dl", digitalLinkGtin: "09506000134353" })))).toBe(
      "gtin.check",
    );
    expect(
      await t.db.selectFrom("mark").select("id").where("slug", "=", "anhua-dl").executeTakeFirst(),
    ).toBeUndefined();
    // Full-width digits and a 13-digit GTIN are the same GTIN-14.
    await saveMark(t.db, anhua, input({ slug: "anhua-dl", digitalLinkGtin: "９５０６０００１３４３５２" }));
    const saved = await t.db
      .selectFrom("mark")
      .select("digital_link_gtin")
      .where("slug", "=", "anhua-dl")
      .executeTakeFirstOrThrow();
    expect(saved.digital_link_gtin).toBe("09506000134352");
    // Emptied, the QR goes back to the short form.
    await saveMark(t.db, anhua, input({ slug: "anhua-dl", digitalLinkGtin: "" }), "anhua-dl");
    const cleared = await t.db
      .selectFrom("mark")
      .select("digital_link_gtin")
      .where("slug", "=", "anhua-dl")
      .executeTakeFirstOrThrow();
    expect(cleared.digital_link_gtin).toBeNull();
  });

  it("the township picker searches within the competent division and area changes are audited", async () => {
    const admin = await makeUser(t.db, "admin");
    await saveMark(t.db, admin, input({ slug: "anhua-peanut", name: "安化小籽花生" }));
    const found = await searchTownships(t.db, "430923", "清塘");
    expect(found.map((f) => f.code)).toEqual(["430923101"]);
    expect(await searchTownships(t.db, "430923", "乾佑")).toEqual([]); // 柞水县's township
    expect((await searchTownships(t.db, "430923", "4309231")).length).toBeGreaterThan(5);
    await changeArea(t.db, admin, "anhua-peanut", {
      add: ["430923101", "430923103"],
      documentRef: "国知局公告第 1 号",
    });
    await changeArea(t.db, admin, "anhua-peanut", { remove: ["430923103"], documentRef: "国知局公告第 2 号" });
    const edit = await markForEditing(t.db, admin, "anhua-peanut");
    expect(edit!.area.map((a) => a.code)).toEqual(["430923101"]);
    const audit = await t.db
      .selectFrom("audit_entry")
      .select(["action", "after"])
      .where("entity_id", "=", edit!.mark.id)
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["mark.create", "mark.area_change", "mark.area_change"]);
    // An unknown code is named as a township code, not as an enterprise's county.
    expect(await key(changeArea(t.db, admin, "anhua-peanut", { add: ["999999999"], documentRef: "x" }))).toBe(
      "mark.areaUnknownTownship",
    );
  });

  it("who approves and the mark's kind are set by the administrator or the province, not by the county", async () => {
    const county = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    const province = await makeUser(t.db, "regulator", { divisionCode: "430000", isApprover: true });
    const admin = await makeUser(t.db, "admin");
    await saveMark(t.db, admin, input({ slug: "anhua-frame", approvingLevel: "province" }));
    expect(
      await key(saveMark(t.db, county, input({ slug: "anhua-frame", approvingLevel: "county" }), "anhua-frame")),
    ).toBe("mark.approvingLevelNotYours");
    expect(
      await key(
        saveMark(
          t.db,
          county,
          input({ slug: "anhua-frame", approvingLevel: "province", kind: "gi_product" }),
          "anhua-frame",
        ),
      ),
    ).toBe("mark.kindNotYours");
    // The county still keeps the rest of the settings.
    await saveMark(
      t.db,
      county,
      input({ slug: "anhua-frame", approvingLevel: "province", name: "安化柑橘（改）" }),
      "anhua-frame",
    );
    expect((await markForEditing(t.db, county, "anhua-frame"))?.mark).toMatchObject({
      name: "安化柑橘（改）",
      approving_level: "province",
    });
    await saveMark(t.db, province, input({ slug: "anhua-frame", approvingLevel: "county" }), "anhua-frame");
    expect((await markForEditing(t.db, admin, "anhua-frame"))?.mark.approving_level).toBe("county");
  });

  it("refuses a printer that is not an id or not a printer, without a database error", async () => {
    const admin = await makeUser(t.db, "admin");
    for (const printerIds of [["not-a-uuid"], ["00000000-0000-0000-0000-000000000001"]])
      expect(await key(saveMark(t.db, admin, input({ slug: "anhua-printers", printerIds })))).toBe(
        "mark.printerUnknown",
      );
  });
});
