import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { authorizedOn } from "#app/authorization/register.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { confirmImport } from "#app/register-import/confirm-import.server.ts";
import { planImport, type ImportPlan } from "#app/register-import/register-import.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { fakeUscc, makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-import-"));

let t: TestDatabase;
let admin: SessionUser;
let county: SessionUser;
let elsewhere: SessionUser;
let mark: Awaited<ReturnType<typeof makeMark>>;
let towns: { code: string; name: string }[];
let existing: Awaited<ReturnType<typeof makeEnterprise>>;

const fullWidth = (s: string) => [...s].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join("");

beforeAll(async () => {
  t = await createTestDatabase();
  admin = await makeUser(t.db, "admin");
  county = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  mark = await makeMark(t.db, { slug: "import-tea" });
  towns = await t.db.selectFrom("division").select(["code", "name"]).where("code", "in", mark.townships).execute();
  existing = await makeEnterprise(t.db, "430923", "安化已有茶业（虚构）");
});
afterAll(async () => {
  await t?.drop();
});

/** A register as a county keeps it: a merged title, a two-row merged header, messy cells. */
async function messyWorkbook(rows: unknown[][]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet("名录");
  sheet.addRow(["安化县地理标志专用标志合法使用人名录（截至2026年）"]);
  sheet.mergeCells("A1:K1");
  sheet.addRow([
    "企业名称",
    "统一社会信用代码",
    "地理标志",
    "乡镇",
    "批准",
    "",
    "公告",
    "",
    "状态",
    "退出日期",
    "退出原因",
  ]);
  sheet.addRow(["", "", "", "", "文号", "日期", "编号", "日期", "", "", ""]);
  for (const [from, to] of [
    ["A2", "A3"],
    ["B2", "B3"],
    ["C2", "C3"],
    ["D2", "D3"],
    ["E2", "F2"],
    ["G2", "H2"],
    ["I2", "I3"],
    ["J2", "J3"],
    ["K2", "K3"],
  ])
    sheet.mergeCells(`${from}:${to}`);
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const messages = (plan: ImportPlan, lang: "zh-CN" | "en" = "zh-CN") => {
  const t = translator(lang);
  return plan.issues.map((i) => t("import.issue", { row: i.row, column: i.column, message: t(i.key, i.params) }));
};

describe("importing an existing register", () => {
  let file: Uint8Array;
  let fresh: string[];
  beforeAll(async () => {
    fresh = [fakeUscc(), fakeUscc(), fakeUscc()];
    const [town1, town2] = towns;
    file = await messyWorkbook([
      // Trailing spaces, a 2024年3月5日 date, full-width digits in the credit code.
      [
        "  黑茶一号茶业（虚构）  ",
        fullWidth(fresh[0]!),
        `${mark.name} `,
        `${town1!.name} `,
        "湘质监〔2019〕12号",
        "2019年3月5日",
        "2019-1",
        "2019年3月20日",
        "使用中 ",
        "",
        "",
      ],
      // Excel serial dates (43556 = 2019-04-01), an exit.
      [
        "黑茶二号茶业（虚构）",
        fresh[1],
        mark.name,
        town2!.code,
        "",
        43556,
        "2019-2",
        43570,
        "已注销",
        45292,
        "违规使用",
      ],
      // The existing enterprise, its credit code in lower case.
      [
        "安化已有茶业（虚构）",
        existing.uscc.toLowerCase(),
        mark.name,
        town1!.name,
        "",
        new Date(Date.UTC(2020, 5, 1)),
        "",
        "",
        "有效",
        "",
        "",
      ],
      // A second mark-route row of the first enterprise would be a duplicate:
      ["黑茶一号茶业（虚构）", fresh[0], mark.name, town1!.name, "", "2019-03-05", "", "", "使用中", "", ""],
    ]);
  });

  it("the dry run says per row what happens and names each error's row, column and reason, writing nothing", async () => {
    const before = await t.db
      .selectFrom("authorization")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    const plan = await planImport(t.db, county, { name: "安化名录.xlsx", bytes: file });
    expect(messages(plan)).toEqual(["第 7 行「统一社会信用代码」：与第 4 行是同一企业、同一地理标志和途径。"]);
    expect(messages(plan, "en")).toEqual(["Row 7, “统一社会信用代码”: The same enterprise, mark and route as row 4."]);
    expect(plan.rows.map((r) => [r.row, r.uscc, r.activeFrom, r.status, r.exitedOn, r.existingEnterprise])).toEqual([
      [4, fresh[0], "2019-03-20", "active", null, null],
      [5, fresh[1], "2019-04-15", "cancelled", "2024-01-01", null],
      [6, existing.uscc, "2020-06-01", "active", null, "安化已有茶业（虚构）"],
    ]);
    expect(plan.rows[0]!.enterpriseName).toBe("黑茶一号茶业（虚构）");
    expect(plan.counts).toMatchObject({ rows: 4, create: 3, newEnterprises: 2, matchedEnterprises: 1 });
    const after = await t.db
      .selectFrom("authorization")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    // With errors, confirming imports nothing.
    expect((await confirmImport(t.db, county, { name: "安化名录.xlsx", bytes: file }, plan.sha256)).outcome).toBe(
      "refused",
    );
  });

  it("bad cells: each named by row and column, in the user's language", async () => {
    const bad = await messyWorkbook([
      ["好", "91430923MA4L00000X", "不存在的标志", "某某镇", "", "2024年13月5日", "", "", "正在审", "", ""],
    ]);
    const plan = await planImport(t.db, county, { name: "bad.xlsx", bytes: bad });
    expect(messages(plan)).toEqual([
      "第 4 行「企业名称」：企业名称应为 2 至 200 个字。",
      "第 4 行「统一社会信用代码」：统一社会信用代码校验位（第 18 位）不正确，请逐位核对是否有输错的字符。",
      "第 4 行「地理标志」：没有名为“不存在的标志”的地理标志。",
      "第 4 行「乡镇」：“某某镇”不是“”产地范围内的乡镇（可填乡镇名称或 9 位区划代码）。",
      "第 4 行「状态」：无法识别状态“正在审”（可填：使用中、暂停使用、已注销、已撤回、已到期）。",
      "第 4 行「批准日期」：无法识别日期“2024年13月5日”（可写 2024-03-05、2024/3/5 或 2024年3月5日）。",
    ]);
    // The position of a wrong character is counted as the credit form counts it: the O is the 15th.
    const letterO = await messyWorkbook([
      ["字母茶业（虚构）", "91430923MA4L0AO273", mark.name, towns[0]!.name, "", "2024-01-02", "", "", "使用中", "", ""],
    ]);
    expect(messages(await planImport(t.db, county, { name: "o.xlsx", bytes: letterO }))).toContain(
      "第 4 行「统一社会信用代码」：第 15 位是字母 O，统一社会信用代码不使用字母 O，是否应为数字 0？",
    );
    // Another county's regulator may not import rows in 安化.
    const [town1] = towns;
    const foreign = await messyWorkbook([
      ["外县茶业（虚构）", fakeUscc(), mark.name, town1!.name, "", "2024-01-02", "", "", "使用中", "", ""],
    ]);
    const refused = await planImport(t.db, elsewhere, { name: "x.xlsx", bytes: foreign });
    expect(refused.issues.map((i) => i.key)).toEqual(["import.err.markOutOfReach", "import.err.townshipOutOfReach"]);
  });

  it("confirms only the previewed file, once: history keeps the original dates and names the import", async () => {
    const clean = await messyWorkbook([
      [
        "黑茶一号茶业（虚构）",
        fullWidth(fresh[0]!),
        mark.name,
        towns[0]!.name,
        "湘〔2019〕12号",
        "2019年3月5日",
        "2019-1",
        "2019年3月20日",
        "使用中",
        "",
        "",
      ],
      [
        "黑茶二号茶业（虚构）",
        fresh[1],
        mark.name,
        towns[1]!.code,
        "",
        43556,
        "2019-2",
        43570,
        "已注销",
        45292,
        "违规使用",
      ],
      [
        "安化已有茶业（虚构）",
        existing.uscc.toLowerCase(),
        mark.name,
        towns[0]!.name,
        "",
        new Date(Date.UTC(2020, 5, 1)),
        "",
        "",
        "有效",
        "",
        "",
      ],
    ]);
    const plan = await planImport(t.db, county, { name: "安化名录.xlsx", bytes: clean });
    expect(plan.issues).toEqual([]);
    // Another file than the one previewed: nothing.
    expect((await confirmImport(t.db, county, { name: "安化名录.xlsx", bytes: file }, plan.sha256)).outcome).toBe(
      "notPreviewed",
    );
    const done = await confirmImport(t.db, county, { name: "安化名录.xlsx", bytes: clean }, plan.sha256);
    expect(done.outcome).toBe("imported");

    const on = (uscc: string, date: string) => authorizedOn(t.db, { uscc, markSlug: mark.slug, date });
    expect(await on(fresh[0]!, "2019-03-19")).toMatchObject({ authorized: false });
    expect(await on(fresh[0]!, "2019-03-20")).toMatchObject({ authorized: true, since: "2019-03-20" });
    expect(await on(fresh[1]!, "2023-12-31")).toMatchObject({ authorized: true, since: "2019-04-15" });
    expect(await on(fresh[1]!, "2024-01-01")).toMatchObject({ authorized: false, status: "cancelled" });
    const events = await t.db
      .selectFrom("authorization_event as ev")
      .innerJoin("authorization as a", "a.id", "ev.authorization_id")
      .innerJoin("enterprise as e", "e.id", "a.enterprise_id")
      .innerJoin("register_import as ri", "ri.id", "ev.import_id")
      .select([
        "e.uscc",
        "ev.effective_on",
        "ev.action",
        "ev.to_status",
        "ev.comment",
        "ev.document_ref",
        "ri.file_name",
        "ri.imported_by",
      ])
      .where("a.mark_id", "=", mark.id)
      .orderBy("e.uscc")
      .orderBy("ev.effective_on")
      .execute();
    expect(events.map((e) => [e.uscc, e.effective_on, e.action, e.to_status])).toEqual(
      [
        [fresh[0], "2019-03-20", "activate", "active"],
        [fresh[1], "2019-04-15", "activate", "active"],
        [fresh[1], "2024-01-01", "cancel", "cancelled"],
        [existing.uscc, "2020-06-01", "activate", "active"],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(events.every((e) => e.file_name === "安化名录.xlsx" && e.imported_by === county.id)).toBe(true);
    expect(events[0]!.comment).toContain(plan.sha256.slice(0, 12));
    // The existing enterprise was matched, not duplicated.
    expect((await t.db.selectFrom("enterprise").select("id").where("uscc", "=", existing.uscc).execute()).length).toBe(
      1,
    );
    // Audited, in the same chain.
    const audit = await t.db.selectFrom("audit_entry").selectAll().where("action", "=", "register.import").execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.after).toMatchObject({ sha256: plan.sha256, create: 3 });
    expect((await verifyAuditChain(t.db)).ok).toBe(true);

    // The same file again: nothing changes. The same rows in another file (CSV): all unchanged.
    const again = await confirmImport(t.db, county, { name: "again.xlsx", bytes: clean }, plan.sha256);
    expect(again.outcome).toBe("already");
    const csv = new TextEncoder().encode(
      `企业名称,统一社会信用代码,地理标志,乡镇,公告日期,状态\r\n黑茶一号茶业（虚构）,${fresh[0]},${mark.name},${towns[0]!.name},2019-03-20,使用中\r\n`,
    );
    const csvPlan = await planImport(t.db, county, { name: "same.csv", bytes: csv });
    expect(csvPlan.counts).toMatchObject({ create: 0, unchanged: 1 });
    const eventsBefore = await t.db
      .selectFrom("authorization_event")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect((await confirmImport(t.db, admin, { name: "same.csv", bytes: csv }, csvPlan.sha256)).outcome).toBe(
      "imported",
    );
    const eventsAfter = await t.db
      .selectFrom("authorization_event")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(eventsAfter.n).toBe(eventsBefore.n);
  });

  it("another county cannot take over an enterprise, place a user on a county, or learn who imported what", async () => {
    // 柞水's own mark, area and a file naming 安化's enterprise (already admitted in 安化 above).
    const fungus = await makeMark(t.db, { slug: "import-fungus", county: "611026" });
    const town = (
      await t.db
        .selectFrom("division")
        .select("name")
        .where("code", "=", fungus.townships[0]!)
        .executeTakeFirstOrThrow()
    ).name;
    const csv = (rows: string) =>
      new TextEncoder().encode(`企业名称,统一社会信用代码,地理标志,乡镇,公告日期,状态\r\n${rows}`);
    const takeover = await planImport(t.db, elsewhere, {
      name: "takeover.csv",
      bytes: csv(`随便写的名字,${existing.uscc},${fungus.name},${town},2024-01-01,使用中\r\n`),
    });
    expect(takeover.rows).toEqual([]);
    expect(messages(takeover)[0]).toContain("已在其他辖区登记");
    // Its name is not told to the other county.
    expect(JSON.stringify(takeover)).not.toContain(existing.name);
    // A county code (or another mark's township) is not a production township of this mark.
    const atCounty = await planImport(t.db, elsewhere, {
      name: "county.csv",
      bytes: csv(`测试三,${fakeUscc("611026")},${fungus.name},611026,2024-01-01,使用中\r\n`),
    });
    expect(atCounty.rows).toEqual([]);
    expect(atCounty.issues.map((i) => i.key)).toEqual(["import.err.township"]);
    // A file 安化 imported: 柞水 learns only that it was imported, not by whom or when.
    const anhuaFile = csv(
      `安化新茶（虚构）,${fakeUscc("430923")},${mark.name},${towns[0]!.name},2024-01-01,使用中\r\n`,
    );
    const anhuaPlan = await planImport(t.db, county, { name: "anhua.csv", bytes: anhuaFile });
    expect((await confirmImport(t.db, county, { name: "anhua.csv", bytes: anhuaFile }, anhuaPlan.sha256)).outcome).toBe(
      "imported",
    );
    expect((await planImport(t.db, elsewhere, { name: "a.csv", bytes: anhuaFile })).alreadyImported).toEqual({
      at: null,
      by: null,
    });
    expect((await planImport(t.db, county, { name: "a.csv", bytes: anhuaFile })).alreadyImported?.by).toBe(
      county.displayName,
    );
  });

  it("only an administrator or a regulator may import", async () => {
    const enterprise = await makeUser(t.db, "enterprise", { enterpriseId: existing.id });
    await expect(planImport(t.db, enterprise, { name: "x.csv", bytes: file })).rejects.toMatchObject({
      key: "import.forbidden",
    });
  });
});
