import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyForMark } from "#app/authorization/application.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { publishAnnouncement } from "#app/authorization/announcement.server.ts";
import { raiseDueFlags } from "#app/alert/flags.server.ts";
import { listAlerts, resolveAlert } from "#app/alert/alert-queue.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { decideChange, listChanges, requestChange } from "#app/enterprise/change-request.server.ts";
import { DomainError } from "#app/errors.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { fakeUscc, makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark, SITE_CHECK_PDF } from "#tests/support/register-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-changes-"));

let t: TestDatabase;
let regulator: SessionUser;
let approver: SessionUser;
let elsewhere: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
});
afterAll(async () => {
  await t?.drop();
});

const key = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof DomainError ? e.key : String(e)),
  );

async function activeAuthorization(options: { licenceEnd?: string } = {}) {
  const mark = await makeMark(t.db, {
    slug: `m-${Math.random().toString(36).slice(2, 8)}`,
    kind: options.licenceEnd ? "certification_mark" : "gi_product",
  });
  const enterprise = await makeEnterprise(t.db, "430923");
  const member = await makeUser(t.db, "enterprise", { enterpriseId: enterprise.id });
  const base = {
    markId: mark.id,
    townshipCode: mark.townships[0]!,
    products: "茶",
    annualOutput: "1 吨",
    labelManagerName: "王",
    labelManagerPhone: "13800000000",
  };
  const a = options.licenceEnd
    ? await applyForMark(t.db, member, {
        ...base,
        route: "certification_licensee",
        licenceFilingNo: "备1",
        licenceFilingDate: "2020-01-01",
        licenceStart: "2020-01-01",
        licenceEnd: options.licenceEnd,
      })
    : await applyForMark(t.db, member, { ...base, route: "gi_product" });
  let v = a.version;
  v = (await transition(t.db, regulator, a.id, { action: "accept", version: v })).version;
  v = (
    await transition(t.db, regulator, a.id, { action: "review", version: v, comment: "符合", document: SITE_CHECK_PDF })
  ).version;
  await transition(t.db, approver, a.id, { action: "approve", version: v });
  await publishAnnouncement(t.db, approver, {
    number: `N-${a.id.slice(0, 8)}`,
    title: "公告",
    authorizationIds: [a.id],
  });
  return { authorization: a, enterprise, member };
}

describe("flags are raised for people, never acted on automatically", () => {
  it("flags an ended licence once, leaves the status alone, and resolving is audited", async () => {
    const { authorization } = await activeAuthorization({ licenceEnd: "2021-12-31" });
    expect(await raiseDueFlags(t.db)).toBeGreaterThanOrEqual(1);
    expect(await raiseDueFlags(t.db)).toBe(0);
    const status = await t.db
      .selectFrom("authorization")
      .select("status")
      .where("id", "=", authorization.id)
      .executeTakeFirstOrThrow();
    expect(status.status).toBe("active");
    const flags = await listAlerts(t.db, regulator, { state: "all" });
    const flag = flags.find((f) => f.authorization_id === authorization.id && f.kind === "licence_ended");
    expect(flag).toBeDefined();
    expect(await listAlerts(t.db, elsewhere, { state: "all" })).toEqual([]);
    await resolveAlert(t.db, regulator, flag!.id, "已通知企业续签许可合同");
    const audit = await t.db
      .selectFrom("audit_entry")
      .select("after")
      .where("entity_id", "=", flag!.id)
      .where("action", "=", "flag.resolve")
      .executeTakeFirstOrThrow();
    expect(audit.after).toMatchObject({ resolution: "已通知企业续签许可合同" });
    expect(await key(resolveAlert(t.db, regulator, flag!.id, "again"))).toBe("form.stale");
  });

  it("flags a passed rectification deadline", async () => {
    const { authorization } = await activeAuthorization();
    const current = await t.db
      .selectFrom("authorization")
      .select("version")
      .where("id", "=", authorization.id)
      .executeTakeFirstOrThrow();
    const tomorrow = new Date(Date.parse(`${shanghaiDate()}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await transition(t.db, regulator, authorization.id, {
      action: "order_rectification",
      version: current.version,
      comment: "标签使用不规范",
      deadline: tomorrow,
    });
    const dayAfter = new Date(Date.parse(`${tomorrow}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await raiseDueFlags(t.db, dayAfter);
    const flags = await t.db
      .selectFrom("flag")
      .select("kind")
      .where("authorization_id", "=", authorization.id)
      .execute();
    expect(flags.map((f) => f.kind)).toContain("rectification_overdue");
    // Restoring the user settles the overdue flag; it no longer waits in the queue.
    const rectifying = await t.db
      .selectFrom("authorization")
      .select("version")
      .where("id", "=", authorization.id)
      .executeTakeFirstOrThrow();
    await transition(t.db, regulator, authorization.id, {
      action: "restore",
      version: rectifying.version,
      comment: "整改完成",
    });
    expect(
      (await listAlerts(t.db, regulator, { state: "all" })).filter(
        (f) => f.authorization_id === authorization.id && f.kind === "rectification_overdue" && f.state !== "resolved",
      ),
    ).toEqual([]);
  });
});

describe("unused for 24 months", () => {
  it("flags a user admitted over two years ago that has collected no label since", async () => {
    const { authorization } = await activeAuthorization();
    await t.db
      .updateTable("authorization")
      .set({ active_from: "2023-01-01" })
      .where("id", "=", authorization.id)
      .execute();
    await raiseDueFlags(t.db, "2026-11-23");
    const flags = await t.db
      .selectFrom("flag")
      .select("kind")
      .where("authorization_id", "=", authorization.id)
      .execute();
    expect(flags.map((f) => f.kind)).toContain("unused_24_months");
    const fresh = await activeAuthorization();
    await raiseDueFlags(t.db, "2026-11-23");
    const none = await t.db
      .selectFrom("flag")
      .select("kind")
      .where("authorization_id", "=", fresh.authorization.id)
      .execute();
    expect(none.map((f) => f.kind)).not.toContain("unused_24_months");
  });
});

describe("change requests (变更)", () => {
  it("an approved change updates the particulars and keeps both versions", async () => {
    const { enterprise, member, authorization } = await activeAuthorization();
    const newCode = fakeUscc("430923");
    // Products belong to one authorization: a change of products names it.
    expect(await key(requestChange(t.db, member, { products: "千两茶" }, undefined))).toBe(
      "change.authorizationRequired",
    );
    await requestChange(
      t.db,
      member,
      {
        name: "安化县新名称茶业有限公司",
        uscc: newCode.toLowerCase(),
        products: "千两茶、花卷茶",
        authorizationId: authorization.id,
      },
      "企业更名",
    );
    expect(await key(requestChange(t.db, member, { address: "新地址" }, undefined))).toBe("change.pending");
    const [pending] = await listChanges(t.db, regulator, enterprise.id);
    expect(pending).toMatchObject({
      status: "pending",
      proposed: { name: "安化县新名称茶业有限公司", uscc: newCode, products: "千两茶、花卷茶" },
    });
    expect(await key(decideChange(t.db, elsewhere, pending!.id, { approve: true }))).toBe("error.notFound.text");
    await decideChange(t.db, regulator, pending!.id, { approve: true, comment: "材料齐全" });
    const after = await t.db
      .selectFrom("enterprise")
      .selectAll()
      .where("id", "=", enterprise.id)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ name: "安化县新名称茶业有限公司", uscc: newCode });
    const products = await t.db
      .selectFrom("authorization")
      .select("products")
      .where("enterprise_id", "=", enterprise.id)
      .execute();
    expect(products.every((p) => p.products === "千两茶、花卷茶")).toBe(true);
    const [decided] = await listChanges(t.db, regulator, enterprise.id);
    expect(decided).toMatchObject({ status: "approved", before: { name: enterprise.name, uscc: enterprise.uscc } });
    expect(await key(decideChange(t.db, regulator, pending!.id, { approve: false, comment: "x" }))).toBe("form.stale");
  });

  it("refuses a new code with a wrong check character, and a rejection needs a reason and changes nothing", async () => {
    const { enterprise, member } = await activeAuthorization();
    const code = fakeUscc();
    expect(
      await key(requestChange(t.db, member, { uscc: code.slice(0, 17) + (code[17] === "1" ? "2" : "1") }, undefined)),
    ).toBe("uscc.checkCharacter");
    expect(await key(requestChange(t.db, member, { name: enterprise.name }, undefined))).toBe("change.nothing");
    await requestChange(t.db, member, { address: "安化县东坪镇新街 1 号" }, undefined);
    const [pending] = await listChanges(t.db, regulator, enterprise.id);
    expect(await key(decideChange(t.db, regulator, pending!.id, { approve: false }))).toBe("form.required");
    await decideChange(t.db, regulator, pending!.id, { approve: false, comment: "地址与营业执照不一致" });
    const after = await t.db
      .selectFrom("enterprise")
      .select("address")
      .where("id", "=", enterprise.id)
      .executeTakeFirstOrThrow();
    expect(after.address).toBe(enterprise.address);
  });
});
