import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiClient, revokeApiClient } from "#app/api-client/clients.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { usccCheckCharacter } from "#app/enterprise/uscc.ts";
import { DomainError } from "#app/errors.ts";
import { openApiDocument } from "#app/http/openapi.ts";
import { supervisionReport } from "#app/oversight/supervision-report.server.ts";
import { actOnReport, findReportFor, reportQueue } from "#app/report/report-case.server.ts";
import { fileListingReport } from "#app/report/listing-report.server.ts";
import {
  pendingTakedownTo,
  previewTakedown,
  sendTakedown,
  takedownsOfCase,
  withdrawPendingTakedowns,
} from "#app/report/takedown.server.ts";
import { action as fileByApi, loader as listByApi } from "#app/routes/api.v1.listing-reports.ts";
import { loader as takedownsByApi } from "#app/routes/api.v1.takedown-requests.ts";
import { action as answerByApi } from "#app/routes/api.v1.takedown-requests.$requestId.answer.ts";
import { translator } from "#app/i18n/i18n.ts";
import { inboxOf } from "#app/notification/inbox.server.ts";
import { renderNotification } from "#app/notification/message.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { fakeUscc, makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";
import { makeHistory } from "#tests/support/history-factories.ts";
import { ROUTE_CONTEXT, routeAnswer } from "#tests/support/route-answer.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-listings-"));

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
let t: TestDatabase;
let regulator: SessionUser;
let elsewhere: SessionUser;
let enterpriseUser: SessionUser;
let mark: Awaited<ReturnType<typeof makeMark>>;
let active: Awaited<ReturnType<typeof makeHistory>>;
let cancelled: Awaited<ReturnType<typeof makeHistory>>;
let platformA: { id: string; token: string };
let platformB: { id: string; token: string };
let checksOnly: { id: string; token: string };

beforeAll(async () => {
  t = await createTestDatabase();
  (globalThis as Record<symbol, unknown>)[Symbol.for("gi-mark-registry.db")] = Promise.resolve(t);
  const admin = await makeUser(t.db, "admin");
  regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  mark = await makeMark(t.db, { slug: "listing-tea" });
  enterpriseUser = await makeUser(t.db, "enterprise", { enterpriseId: (await makeEnterprise(t.db)).id });
  const base = { markId: mark.id, township: mark.townships[0]!, createdBy: admin.id };
  active = await makeHistory(t.db, {
    ...base,
    announcement: "安化GI〔2025〕71号",
    steps: [{ on: "2025-03-01", action: "activate", to: "active", from: "approved" }],
  });
  cancelled = await makeHistory(t.db, {
    ...base,
    announcement: "安化GI〔2025〕72号",
    steps: [
      { on: "2025-03-01", action: "activate", to: "active", from: "approved" },
      { on: "2025-09-01", action: "cancel", to: "cancelled" },
    ],
  });
  const actor = { userId: admin.id, label: "admin" };
  const scopes = ["listings.report", "takedowns"] as const;
  platformA = await createApiClient(t.db, actor, {
    name: "甲平台",
    contact: "a@x",
    scopes: [...scopes],
    markIds: null,
  });
  platformB = await createApiClient(t.db, actor, {
    name: "乙平台",
    contact: "b@x",
    scopes: [...scopes],
    markIds: null,
  });
  checksOnly = await createApiClient(t.db, actor, {
    name: "丙平台",
    contact: "c@x",
    scopes: ["registry.check"],
    markIds: null,
  });
});
afterAll(async () => {
  await t?.drop();
});

const ctx = ROUTE_CONTEXT;
const outcome = (p: Promise<unknown>) => routeAnswer<Response>(p);
const file = (token: string, body: Record<string, string>, query = "") =>
  outcome(
    fileByApi({
      request: new Request(`http://localhost/api/v1/listing-reports${query}`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      }),
      params: {},
      context: ctx,
    }),
  );
const get = (fn: typeof listByApi, path: string, token: string) =>
  outcome(
    fn({
      request: new Request(`http://localhost${path}`, { headers: { Authorization: `Bearer ${token}` } }),
      params: {},
      context: ctx,
    }),
  );
const answer = (token: string, id: string, body: unknown) =>
  outcome(
    answerByApi({
      request: new Request(`http://localhost/api/v1/takedown-requests/${id}/answer?lang=en`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      }),
      params: { requestId: id },
      context: ctx,
    }),
  );
const listing = (seller?: string) => ({
  shopName: "某某旗舰店",
  listingUrl: "https://shop.example.com/item/123",
  mark: "listing-tea",
  description: "商品页使用专用标志，卖家不在公开名录中",
  ...(seller ? { sellerUscc: seller } : {}),
});
const key = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof DomainError ? e.key : String(e)),
  );
const auditOf = (entityId: string) =>
  t.db
    .selectFrom("audit_entry")
    .select(["action", "actor_label", "actor_user_id", "after"])
    .where("entity_id", "=", entityId)
    .orderBy("seq")
    .execute();
const count = async (table: "report" | "listing_report" | "takedown_request") =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("listing reports", () => {
  it("a platform files through the API; the register flags unauthorized and exited sellers at once", async () => {
    const unknownSeller = fakeUscc("430923");
    const cases = [
      [unknownSeller, "unauthorized", true],
      [cancelled.enterprise.uscc, "exited", true],
      [active.enterprise.uscc, "authorized", false],
      [undefined, "not_checked", false],
    ] as const;
    for (const [seller, finding, flagged] of cases) {
      const res = await file(platformA.token, listing(seller));
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string; register_finding: string; flagged: boolean };
      expect(body).toMatchObject({ register_finding: finding, flagged });
      // It lands in the county's queue beside consumer reports, flag and all.
      const queued = (await reportQueue(t.db, regulator, "all", 500, "listing")).find((r) => r.id === body.id);
      expect(queued).toMatchObject({ kind: "listing", register_finding: finding, platform: "甲平台" });
      expect(await auditOf(body.id)).toEqual([
        expect.objectContaining({ action: "report.file_listing", actor_label: "api client (甲平台)" }),
      ]);
    }
    // The county hears of a platform's listing report, named as one, not of a consumer's report.
    const told = (await inboxOf(t.db, regulator)).filter((n) => n.link.startsWith("/regulator/reports/"));
    expect(told).toHaveLength(cases.length);
    const zh = renderNotification("zh-CN", told[0]!.kind, told[0]!.params);
    expect(zh.subject).toMatch(/^辖区收到网店线索 JB-.+（甲平台）$/);
    expect(zh.body).toContain("网店“某某旗舰店”");
    expect(renderNotification("en", told[0]!.kind, told[0]!.params).subject).toMatch(
      /^New listing report .+ from 甲平台$/,
    );
    expect(`${zh.subject}${zh.body}`).not.toContain("举报");
    const cancelledCase = (await reportQueue(t.db, regulator, "all", 500, "listing")).find(
      (r) => r.register_finding === "exited",
    )!;
    const found = await findReportFor(t.db, regulator, cancelledCase.id);
    expect(found?.report).toMatchObject({
      kind: "listing",
      enterprise_id: cancelled.enterprise.id,
      status: "received",
    });
    // Consumer reports are not listed under the listing filter, and the consumer filter hides listings.
    expect((await reportQueue(t.db, regulator, "all", 500, "consumer")).map((r) => r.id)).not.toContain(
      cancelledCase.id,
    );
  });

  it("a wrong check character is refused with a clear message and nothing is filed", async () => {
    const good = fakeUscc("430923");
    const wrong = good.slice(0, 17) + (usccCheckCharacter(good.slice(0, 17)) === "1" ? "2" : "1");
    const before = await count("report");
    const res = await file(platformA.token, listing(wrong), "?lang=en");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe("sellerUscc");
    expect(body.error.message).toBe(translator("en")("uscc.checkCharacter"));
    expect((await file(platformA.token, { ...listing(), listingUrl: "javascript:alert(1)" })).status).toBe(400);
    expect((await file(platformA.token, { ...listing(), mark: "no-such-mark" })).status).toBe(400);
    expect(await count("report")).toBe(before);
    // A client without the scope is refused before anything is read.
    expect((await file(checksOnly.token, listing())).status).toBe(403);
    expect(await count("report")).toBe(before);
  });

  it("a regulator files with screenshots and names the platform; other roles are refused before storing", async () => {
    const filed = await fileListingReport(
      t.db,
      { user: regulator },
      { ...listing(cancelled.enterprise.uscc), mark: mark.id, platformClientId: platformB.id },
      [{ name: "shot.png", bytes: PNG }],
    );
    expect(filed.finding).toBe("exited");
    const found = await findReportFor(t.db, regulator, filed.id);
    expect(found?.photos).toEqual([{ position: 1 }]);
    expect(await auditOf(filed.id)).toEqual([
      expect.objectContaining({ action: "report.file_listing", actor_user_id: regulator.id }),
    ]);
    const before = await count("report");
    expect(await key(fileListingReport(t.db, { user: enterpriseUser }, { ...listing(), mark: mark.id }, []))).toBe(
      "error.forbidden.text",
    );
    expect(await count("report")).toBe(before);
  });

  it("a platform sees only its own listing reports", async () => {
    const mine = (await (await get(listByApi, "/api/v1/listing-reports", platformA.token)).json()) as {
      listing_reports: { id: string }[];
    };
    const theirs = (await (await get(listByApi, "/api/v1/listing-reports", platformB.token)).json()) as {
      listing_reports: { id: string }[];
    };
    expect(mine.listing_reports.length).toBe(4);
    // B was named on a regulator's case but filed nothing itself: it sees none of A's.
    expect(theirs.listing_reports).toEqual([]);
  });
});

describe("takedown requests", () => {
  it("confirm first, then send; the platform answers through the API; every step audited", async () => {
    const filed = await file(platformA.token, listing(fakeUscc("430923")));
    const { id: caseId } = (await filed.json()) as { id: string };
    const input = { legalBasis: "gi_special_mark_measures", evidence: "截图显示使用专用标志，登记簿无此用户" } as const;

    // The preview is the confirm step: it stores nothing.
    const summary = await previewTakedown(t.db, regulator, caseId, input);
    expect(summary.rows[0]!.enterprise).toContain("甲平台");
    expect(await count("takedown_request")).toBe(0);

    // Another county's regulator cannot see or act on the case.
    expect(await findReportFor(t.db, elsewhere, caseId)).toBeUndefined();
    expect(await key(sendTakedown(t.db, elsewhere, caseId, input))).toBe("error.notFound.text");
    expect(await key(previewTakedown(t.db, elsewhere, caseId, input))).toBe("error.notFound.text");

    const sent = await sendTakedown(t.db, regulator, caseId, input);
    expect(sent.status).toBe("pending");
    expect(await key(sendTakedown(t.db, regulator, caseId, input))).toBe("takedown.alreadyPending");
    // The case page shows the waiting request instead of a second form: to whom, since when.
    expect(pendingTakedownTo(await takedownsOfCase(t.db, caseId), platformA.id)).toMatchObject({
      id: sent.id,
      platform: "甲平台",
      requested_at: sent.requested_at,
    });
    expect(await auditOf(sent.id)).toEqual([
      expect.objectContaining({ action: "takedown.send", actor_user_id: regulator.id }),
    ]);

    // Platform B neither lists nor answers A's request.
    const bList = (await (
      await get(takedownsByApi, "/api/v1/takedown-requests?status=all", platformB.token)
    ).json()) as {
      takedown_requests: unknown[];
    };
    expect(bList.takedown_requests).toEqual([]);
    expect((await answer(platformB.token, sent.id, { outcome: "removed" })).status).toBe(404);

    const aList = (await (await get(takedownsByApi, "/api/v1/takedown-requests", platformA.token)).json()) as {
      takedown_requests: { id: string; legal_basis: string; listing_url: string }[];
    };
    // The platform reads the basis in words and who sent it, not only a code.
    const county = await t.db
      .selectFrom("division")
      .select("full_name")
      .where("code", "=", "430923")
      .executeTakeFirstOrThrow();
    expect(aList.takedown_requests).toEqual([
      expect.objectContaining({
        id: sent.id,
        legal_basis: "gi_special_mark_measures",
        legal_basis_text: {
          "zh-CN": "《地理标志专用标志使用管理办法（试行）》",
          en: "Measures for the Administration of the Use of the GI Special Mark (Trial)",
        },
        sent_by: { division_code: "430923", division_name: county.full_name },
        listing_url: listing().listingUrl,
      }),
    ]);
    expect(county.full_name).toContain("安化");

    // A refusal needs its reason; then the answer stands once.
    const noReason = await answer(platformA.token, sent.id, { outcome: "refused" });
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { error: { message: string } }).error.message).toBe(
      translator("en")("takedown.reasonRequired"),
    );
    expect((await answer(platformA.token, sent.id, { outcome: "removed", note: "已下架" })).status).toBe(200);
    // The regulator who sent it hears the answer at once; the other county hears nothing.
    const answered = (await inboxOf(t.db, regulator)).filter((n) => n.kind === "takedown_answered");
    expect(answered.map((n) => renderNotification("zh-CN", n.kind, n.params).subject)).toEqual([
      expect.stringMatching(/^下架通知已答复：平台已下架（JB-.+）$/),
    ]);
    expect(answered[0]!.link).toBe(`/regulator/reports/${caseId}`);
    expect((await inboxOf(t.db, elsewhere)).filter((n) => n.kind === "takedown_answered")).toEqual([]);
    const again = await answer(platformA.token, sent.id, { outcome: "refused", note: "x" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { message: string } }).error.message).toContain("Removed by the platform");

    expect(await takedownsOfCase(t.db, caseId)).toEqual([
      expect.objectContaining({ status: "removed", answer_note: "已下架", platform: "甲平台" }),
    ]);
    expect(pendingTakedownTo(await takedownsOfCase(t.db, caseId), platformA.id)).toBeNull();

    // The case history tells the exchange in order with the case's own steps, in words.
    const history = (await findReportFor(t.db, regulator, caseId))!.events;
    for (const [lang, words] of [
      ["zh-CN", ["受理", "向“甲平台”发送下架通知", "平台答复：已下架"]],
      ["en", ["Received", "Takedown request sent to “甲平台”", "Platform answered: removed"]],
    ] as const) {
      const tr = translator(lang);
      expect(history.map((e) => tr(`report.action.${e.action}`, { platform: e.platform ?? "" }))).toEqual(words);
    }
    expect(history.map((e) => [e.actor_name, e.note])).toEqual([
      [null, null],
      [regulator.displayName, null],
      ["甲平台", "已下架"],
    ]);
    expect((await auditOf(sent.id)).map((a) => [a.action, a.actor_user_id, a.actor_label])).toEqual([
      ["takedown.send", regulator.id, expect.stringContaining(regulator.username)],
      ["takedown.removed", null, "api client (甲平台)"],
    ]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });

    // A refusal is recorded with its reason, and the yearly report counts both outcomes.
    const second = await file(platformA.token, listing(fakeUscc("430923")));
    const { id: secondCase } = (await second.json()) as { id: string };
    const refused = await sendTakedown(t.db, regulator, secondCase, { ...input, legalBasis: "trademark_law_art57" });
    expect((await answer(platformA.token, refused.id, { outcome: "refused", note: "卖家已提供授权文件" })).status).toBe(
      200,
    );
    const refusal = (await inboxOf(t.db, regulator)).find(
      (n) => n.kind === "takedown_answered" && n.link.endsWith(secondCase),
    )!;
    expect(renderNotification("en", refusal.kind, refusal.params).body).toBe(
      `甲平台 answered the takedown request for the shop “某某旗舰店” (listing report ${(refusal.params as { ticket: string }).ticket}): Refused by the platform. The platform's reason: 卖家已提供授权文件`,
    );
    const year = new Date().getFullYear();
    const report = await supervisionReport(t.db, regulator, year);
    expect(report.takedowns).toEqual({ sent: 2, removed: 1, refused: 1, pending: 0 });
    expect(report.enforcement.listings).toBeGreaterThanOrEqual(6);
    expect((await supervisionReport(t.db, elsewhere, year)).takedowns).toEqual({
      sent: 0,
      removed: 0,
      refused: 0,
      pending: 0,
    });
  });

  it("closing a case withdraws its pending takedown request; the platform can no longer act on it", async () => {
    const filed = await file(platformB.token, listing(fakeUscc("430923")));
    const { id: caseId } = (await filed.json()) as { id: string };
    const sent = await sendTakedown(t.db, regulator, caseId, {
      legalBasis: "trademark_law_art57",
      evidence: "疑似假冒",
    });
    const version = async () =>
      (await t.db.selectFrom("report").select("version").where("id", "=", caseId).executeTakeFirstOrThrow()).version;
    await actOnReport(t.db, regulator, caseId, {
      action: "assign",
      version: await version(),
      assigneeId: regulator.id,
    });
    await actOnReport(t.db, regulator, caseId, {
      action: "close",
      version: await version(),
      outcome: "not_substantiated",
      note: "经核实为正品",
    });
    // The platform sees it withdrawn, not pending, and an answer is refused in words.
    const pending = (await (await get(takedownsByApi, "/api/v1/takedown-requests", platformB.token)).json()) as {
      takedown_requests: { id: string }[];
    };
    expect(pending.takedown_requests.map((r) => r.id)).not.toContain(sent.id);
    const refused = await answer(platformB.token, sent.id, { outcome: "removed" });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(await refused.json())).toContain("withdrawn");
    const row = await t.db
      .selectFrom("takedown_request")
      .selectAll()
      .where("id", "=", sent.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    // Audited with the close, and the case history says so.
    expect((await auditOf(sent.id)).map((a) => a.action)).toEqual(["takedown.send", "takedown.withdraw"]);
    const history = (await findReportFor(t.db, regulator, caseId))!.events.map((e) => e.action);
    expect(history.at(-1)).toBe("takedown_withdrawn");
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("revoking a platform's client withdraws its pending requests, so the case can go to another", async () => {
    const admin = await makeUser(t.db, "admin");
    const actor = { userId: admin.id, label: "admin" };
    const doomed = await createApiClient(t.db, actor, {
      name: "丁平台",
      contact: "d@x",
      scopes: ["listings.report", "takedowns"],
      markIds: null,
    });
    const filed = await file(doomed.token, listing(fakeUscc("430923")));
    const { id: caseId } = (await filed.json()) as { id: string };
    const sent = await sendTakedown(t.db, regulator, caseId, { legalBasis: "trademark_law_art57", evidence: "x" });
    await revokeApiClient(t.db, actor, doomed.id, "合作终止", (trx) =>
      withdrawPendingTakedowns(trx, actor, { clientId: doomed.id }, "client_revoked"),
    );
    const row = await t.db
      .selectFrom("takedown_request")
      .selectAll()
      .where("id", "=", sent.id)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("withdrawn");
    // Revoking an id that is not a client says so, not "already revoked".
    expect(await key(revokeApiClient(t.db, actor, "00000000-0000-4000-8000-000000000000", "x"))).toBe(
      "error.notFound.text",
    );
  });

  it("a platform client limited to other marks is not sent takedowns for this one", async () => {
    const admin = await makeUser(t.db, "admin");
    const other = await makeMark(t.db, { slug: "listing-other" });
    const narrow = await createApiClient(
      t.db,
      { userId: admin.id, label: "admin" },
      {
        name: "戊平台",
        contact: "e@x",
        scopes: ["listings.report", "takedowns"],
        markIds: [other.id],
      },
    );
    const filed = await fileListingReport(
      t.db,
      { user: regulator },
      { ...listing(), platform: "戊平台", platformClientId: narrow.id, mark: mark.id },
      [],
    );
    expect(
      await key(previewTakedown(t.db, regulator, filed.id, { legalBasis: "trademark_law_art57", evidence: "x" })),
    ).toBe("takedown.noPlatform");
  });

  it("a case without a platform that answers takedowns cannot be sent one", async () => {
    const filed = await fileListingReport(
      t.db,
      { user: regulator },
      { ...listing(), platform: "某平台", mark: mark.id },
      [],
    );
    expect(
      await key(previewTakedown(t.db, regulator, filed.id, { legalBasis: "trademark_law_art57", evidence: "x" })),
    ).toBe("takedown.noPlatform");
  });

  it("the OpenAPI document names the new endpoints with the client token", () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, { security?: unknown }>> };
    for (const path of [
      "/api/v1/listing-reports",
      "/api/v1/takedown-requests",
      "/api/v1/takedown-requests/{id}/answer",
    ])
      for (const op of Object.values(doc.paths[path]!)) expect(op.security).toEqual([{ clientToken: [] }]);
    // A platform reading the document learns the basis comes in words and who sent the request.
    const request = (doc as unknown as { components: { schemas: Record<string, { properties: object }> } }).components
      .schemas["TakedownRequest"]!.properties;
    expect(Object.keys(request)).toEqual(expect.arrayContaining(["legal_basis_text", "sent_by"]));
  });
});
