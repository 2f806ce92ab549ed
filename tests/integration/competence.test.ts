import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForMark } from "#app/authorization/application.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { decideChange, listChanges, requestChange } from "#app/enterprise/change-request.server.ts";
import { findVisibleEnterprise } from "#app/enterprise/enterprise.server.ts";
import { findReadableDocument } from "#app/document/document.server.ts";
import { listCreditEvents, recordCreditEvents, type CreditEntry } from "#app/credit/credit-event.server.ts";
import { saveMark } from "#app/mark/mark-admin.server.ts";
import { changeArea } from "#app/mark/protection-area.server.ts";
import { publicProtectionArea } from "#app/mark/mark.server.ts";
import { DomainError } from "#app/errors.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark, PDF_BYTES, SITE_CHECK_PDF } from "#tests/support/register-factories.ts";

// Issue 13, items 6–8: which county is in charge follows from the authorization's production site.
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-competence-"));

let t: TestDatabase;
let anhua: SessionUser;
let anhuaApprover: SessionUser;
let zhashui: SessionUser;
let anhuaMark: Awaited<ReturnType<typeof makeMark>>;
let zhashuiMark: Awaited<ReturnType<typeof makeMark>>;
beforeAll(async () => {
  t = await createTestDatabase();
  anhua = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  anhuaApprover = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  zhashui = await makeUser(t.db, "regulator", { divisionCode: "611026", isApprover: true });
  anhuaMark = await makeMark(t.db, { slug: "competence-anhua" });
  zhashuiMark = await makeMark(t.db, { slug: "competence-zhashui", county: "611026" });
});
afterAll(async () => {
  await t?.drop();
});

const key = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) =>
      e instanceof DomainError ? `${e.key}${e.options.status ? ` ${e.options.status}` : ""}` : String(e),
  );

/** An authorization of `member`'s enterprise for `mark`, taken to active by that mark's county. */
async function activeFor(member: SessionUser, mark: typeof anhuaMark, county: SessionUser, approver: SessionUser) {
  const a = await applyForMark(t.db, member, {
    markId: mark.id,
    route: "gi_product",
    townshipCode: mark.townships[0]!,
    products: "原产品",
    annualOutput: "1 吨",
    labelManagerName: "王",
    labelManagerPhone: "13800000000",
    documents: [{ field: "business_licence", name: "营业执照.pdf", bytes: PDF_BYTES }],
  });
  let v = (await transition(t.db, county, a.id, { action: "accept", version: a.version })).version;
  v = (
    await transition(t.db, county, a.id, { action: "review", version: v, comment: "符合", document: SITE_CHECK_PDF })
  ).version;
  await transition(t.db, approver, a.id, { action: "approve", version: v });
  await publishAnnouncement(t.db, approver, {
    number: `C-${a.id.slice(0, 8)}`,
    title: "公告",
    authorizationIds: [a.id],
  });
  return a;
}

async function applicationDocumentOf(authorizationId: string) {
  return t.db
    .selectFrom("authorization_document")
    .select("document_id")
    .where("authorization_id", "=", authorizationId)
    .executeTakeFirstOrThrow();
}

describe("the competent county follows the authorization, not the division an enterprise picked", () => {
  it("an enterprise registered in 柞水 holding an 安化 authorization is 安化's: its changes, its documents", async () => {
    const enterprise = await makeEnterprise(t.db, "611026");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    // Before it applies anywhere, the county it registered in is the one that sees it.
    expect(await findVisibleEnterprise(t.db, zhashui, enterprise.id)).toBeDefined();
    expect(await findVisibleEnterprise(t.db, anhua, enterprise.id)).toBeUndefined();

    const a = await activeFor(member, anhuaMark, anhua, anhuaApprover);
    expect(await findVisibleEnterprise(t.db, anhua, enterprise.id)).toBeDefined();
    expect(await findVisibleEnterprise(t.db, zhashui, enterprise.id)).toBeUndefined();

    const { document_id } = await applicationDocumentOf(a.id);
    expect(await findReadableDocument(t.db, anhua, document_id)).toBeDefined();
    expect(await findReadableDocument(t.db, zhashui, document_id)).toBeUndefined();

    await requestChange(t.db, member, { products: "新产品", authorizationId: a.id }, "扩项");
    const [pending] = await listChanges(t.db, anhua, enterprise.id);
    expect(pending).toMatchObject({ status: "pending", may_decide: true });
    expect((await listChanges(t.db, zhashui, enterprise.id))[0]).toMatchObject({ may_decide: false });
    expect(await key(decideChange(t.db, zhashui, pending!.id, { approve: true }))).toBe("error.notFound.text 404");
    const untouched = await t.db
      .selectFrom("authorization")
      .select("products")
      .where("id", "=", a.id)
      .executeTakeFirst();
    expect(untouched?.products).toBe("原产品");
    await decideChange(t.db, anhua, pending!.id, { approve: true });
    const changed = await t.db.selectFrom("authorization").select("products").where("id", "=", a.id).executeTakeFirst();
    expect(changed?.products).toBe("新产品");
  });

  it("an application withdrawn before admission moves nothing: the registered county stays in charge", async () => {
    const enterprise = await makeEnterprise(t.db, "430923");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const a = await applyForMark(t.db, member, {
      markId: zhashuiMark.id,
      route: "gi_product",
      townshipCode: zhashuiMark.townships[0]!,
      products: "木耳",
      annualOutput: "1 吨",
      labelManagerName: "王",
      labelManagerPhone: "13800000000",
    });
    // Under review in 柞水: 柞水 is in charge.
    expect(await findVisibleEnterprise(t.db, zhashui, enterprise.id)).toBeDefined();
    expect(await findVisibleEnterprise(t.db, anhua, enterprise.id)).toBeUndefined();
    await transition(t.db, member, a.id, { action: "withdraw", version: a.version });
    expect(await findVisibleEnterprise(t.db, anhua, enterprise.id)).toBeDefined();
    expect(await findVisibleEnterprise(t.db, zhashui, enterprise.id)).toBeUndefined();
  });

  it("an enterprise in both counties: each decides the products of its own authorization only", async () => {
    const enterprise = await makeEnterprise(t.db, "430923");
    const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
    const inAnhua = await activeFor(member, anhuaMark, anhua, anhuaApprover);
    const inZhashui = await activeFor(member, zhashuiMark, zhashui, zhashui);
    await requestChange(t.db, member, { products: "柞水新品", authorizationId: inZhashui.id }, undefined);
    const [pending] = await listChanges(t.db, anhua, enterprise.id);
    expect(pending?.may_decide).toBe(false);
    expect(await key(decideChange(t.db, anhua, pending!.id, { approve: true }))).toBe("error.notFound.text 404");
    await decideChange(t.db, zhashui, pending!.id, { approve: true });
    const products = await t.db
      .selectFrom("authorization")
      .select(["id", "products"])
      .where("enterprise_id", "=", enterprise.id)
      .execute();
    expect(Object.fromEntries(products.map((p) => [p.id, p.products]))).toEqual({
      [inAnhua.id]: "原产品",
      [inZhashui.id]: "柞水新品",
    });
    // The enterprise's own particulars: either county it holds an authorization in may decide.
    await requestChange(t.db, member, { address: "新地址" }, undefined);
    const [address] = await listChanges(t.db, anhua, enterprise.id);
    expect(address).toMatchObject({ may_decide: true });
    expect((await listChanges(t.db, zhashui, enterprise.id))[0]).toMatchObject({ may_decide: true });
  });
});

describe("credit records stay in the recording county", () => {
  const entry = (uscc: string, documentNo: string): CreditEntry => ({
    uscc,
    list: "serious_dishonesty",
    decidedOn: "2026-11-01",
    authority: "某市场监督管理局",
    documentNo,
    reason: "虚假宣传",
  });

  it("refuses enterprises without an authorization in the division, and flags only the county's own", async () => {
    const anhuaOnly = await makeEnterprise(t.db, "611026");
    const anhuaMember = await makeUser(t.db, "enterprise", { enterpriseId: anhuaOnly.id });
    await activeFor(anhuaMember, anhuaMark, anhua, anhuaApprover);
    const both = await makeEnterprise(t.db, "430923");
    const bothMember = await makeUser(t.db, "enterprise", { enterpriseId: both.id });
    const bothAnhua = await activeFor(bothMember, anhuaMark, anhua, anhuaApprover);
    const bothZhashui = await activeFor(bothMember, zhashuiMark, zhashui, zhashui);

    // 柞水 tries to list an 安化-only enterprise (registered in 柞水) and one it shares with 安化.
    const result = await recordCreditEvents(
      t.db,
      zhashui,
      [
        { ...entry(anhuaOnly.uscc, "柞信1"), line: 2 },
        { ...entry(both.uscc, "柞信2"), line: 3 },
      ],
      "import",
    );
    expect(result).toEqual({
      added: 1,
      skipped: 0,
      flagged: 1,
      refused: [{ line: 2, uscc: anhuaOnly.uscc, reason: "notCompetent" }],
    });
    const flags = await t.db
      .selectFrom("flag")
      .select("authorization_id")
      .where("kind", "=", "credit_event")
      .where("enterprise_id", "in", [anhuaOnly.id, both.id])
      .execute();
    expect(flags.map((f) => f.authorization_id)).toEqual([bothZhashui.id]);
    expect(flags.map((f) => f.authorization_id)).not.toContain(bothAnhua.id);
    // What 柞水 wrote, 柞水 reads; 安化 reads it too, as the enterprise is also 安化's.
    expect((await listCreditEvents(t.db, zhashui)).map((e) => e.document_no)).toContain("柞信2");
    expect((await listCreditEvents(t.db, anhua)).map((e) => e.document_no)).toContain("柞信2");
    const written = await t.db.selectFrom("credit_event").select("document_no").execute();
    expect(written.map((w) => w.document_no)).not.toContain("柞信1");
  });
});

describe("a protection area stays inside its mark's division, changed with a document and in public", () => {
  it("refuses another county's township, a change without a document, and removing a site in use", async () => {
    await saveMark(t.db, anhua, {
      slug: "area-bound",
      name: "安化测试柑橘",
      kind: "regional_brand",
      divisionCode: "430923",
      approvingLevel: "county",
      reviewWorkingDays: 10,
      scanWarnThreshold: 5,
      printOrdersNeedApproval: true,
      allowSelfPrint: false,
      printerIds: [],
    });
    // 乾佑街道 is a township of 柞水县.
    expect(
      await key(changeArea(t.db, anhua, "area-bound", { add: ["611026001"], documentRef: "安政发〔2026〕1号" })),
    ).toBe("mark.areaOutsideDivision");
    expect(await key(changeArea(t.db, anhua, "area-bound", { add: ["430923101"], documentRef: "  " }))).toBe(
      "mark.areaDocumentRequired",
    );
    expect(await key(changeArea(t.db, zhashui, "area-bound", { add: ["430923101"], documentRef: "x" }))).toBe(
      "error.forbidden.text 403",
    );
    expect(
      await t.db.selectFrom("mark_area").select("division_code").where("mark_id", "=", anhuaMark.id).execute(),
    ).toHaveLength(3);

    await changeArea(t.db, anhua, "area-bound", { add: ["430923101", "430923103"], documentRef: "安政发〔2026〕1号" });
    const mark = await t.db.selectFrom("mark").select("id").where("slug", "=", "area-bound").executeTakeFirstOrThrow();
    const area = await publicProtectionArea(t.db, mark.id);
    expect(area.townships.map((d) => d.code)).toEqual(["430923101", "430923103"]);
    expect(area.changes).toEqual([
      expect.objectContaining({ added: ["清塘铺镇", "仙溪镇"], removed: [], documentRef: "安政发〔2026〕1号" }),
    ]);
    const audit = await t.db
      .selectFrom("audit_entry")
      .select("after")
      .where("entity_id", "=", mark.id)
      .where("action", "=", "mark.area_change")
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ documentRef: "安政发〔2026〕1号" });

    // A township where an authorization in force has its production site cannot leave the area.
    const site = anhuaMark.townships[0]!;
    expect(
      await key(changeArea(t.db, anhua, anhuaMark.slug, { remove: [site], documentRef: "安政发〔2026〕2号" })),
    ).toBe("mark.areaInUse");
  });
});
