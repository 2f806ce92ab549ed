import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import { DomainError } from "#app/errors.ts";
import { encodeCode } from "#app/label-code/code.ts";
import { actOnReport, findReportFor, reportQueue } from "#app/report/report-case.server.ts";
import { fileReport, reportStatus, type ReportInput } from "#app/report/report.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { storedSubmissionKey } from "#app/forms/submission-key.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";

import { labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-reports-"));

let t: TestDatabase;
let w: LabelWorld;
let elsewhere: SessionUser;
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = new TextEncoder().encode("%PDF-1.4\n%%EOF\n");
const key = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof DomainError ? e.key : String(e)),
  );
const base = (codeInput: string): ReportInput => ({
  codeInput,
  problem: "fake_label",
  description: "标签印刷模糊，扫码显示已作废",
  placeKind: "shop",
  place: "安化县东坪镇某茶叶店",
});

beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "举报测试印务", { slug: "reports" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

describe("reports (举报)", () => {
  it("routes a report on a known label to its county, with photos, and a ticket that shows progress only", async () => {
    const world = await labelsInEveryState(w, "RB-001");
    const filed = await fileReport(t.db, { ...base(world.codeAt(10)), contact: "13900000000" }, [
      { name: "a.png", bytes: PNG },
    ]);
    expect(filed.ticket).toMatch(/^JB-\d{8}-[0-9A-Z]{8}$/);
    const status = await reportStatus(t.db, ` ${filed.ticket.toLowerCase()} `);
    expect(status).toMatchObject({ ticket: filed.ticket, status: "received", outcome: null });
    expect(Object.keys(status!)).not.toContain("contact");

    const found = await findReportFor(t.db, w.regulator, filed.id);
    expect(found?.report).toMatchObject({
      enterprise_id: world.enterprise.id,
      mark_id: w.markId,
      contact: "13900000000",
      code: world.codeAt(10),
    });
    expect(found?.verdict).toBe("voided");
    expect(found?.photos).toEqual([{ position: 1 }]);
    // Another county's regulator neither sees nor touches it.
    expect(await findReportFor(t.db, elsewhere, filed.id)).toBeUndefined();
    expect((await reportQueue(t.db, elsewhere, "all")).map((r) => r.id)).not.toContain(filed.id);
    expect(
      await key(actOnReport(t.db, elsewhere, filed.id, { action: "assign", version: 1, assigneeId: elsewhere.id })),
    ).toBe("error.notFound.text");
  });

  it("needs a mark when the code is unknown, refuses a fourth photo or a PDF, and a double submit files once", async () => {
    const unknown = encodeCode(crypto.getRandomValues(new Uint8Array(16)));
    expect(await key(fileReport(t.db, base(unknown), []))).toBe("report.markRequired");
    expect(
      await key(
        fileReport(
          t.db,
          { ...base(unknown), markId: w.markId },
          [1, 2, 3, 4].map((i) => ({ name: `${i}.png`, bytes: PNG })),
        ),
      ),
    ).toBe("report.tooManyPhotos");
    expect(await key(fileReport(t.db, { ...base(unknown), markId: w.markId }, [{ name: "x.png", bytes: PDF }]))).toBe(
      "document.badType",
    );
    const submissionKey = crypto.randomUUID();
    const [a, b] = await Promise.all([
      fileReport(t.db, { ...base(unknown), markId: w.markId, submissionKey }, []),
      fileReport(t.db, { ...base(unknown), markId: w.markId, submissionKey }, []),
    ]);
    expect(a.ticket).toBe(b.ticket);
    const rows = await t.db
      .selectFrom("report")
      .select(["division_code", "enterprise_id"])
      .where("submission_key", "=", storedSubmissionKey("consumer", submissionKey))
      .execute();
    expect(rows).toEqual([{ division_code: "430923", enterprise_id: null }]);
  });

  it("is assigned, investigated and closed with an outcome, each step audited; a stale form changes nothing", async () => {
    const world = await labelsInEveryState(w, "RB-002");
    const filed = await fileReport(t.db, base(world.codeAt(15)), []);
    const colleague = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    expect(await key(actOnReport(t.db, w.regulator, filed.id, { action: "investigate", version: 1 }))).toBe(
      "report.badTransition",
    );
    expect(
      await key(actOnReport(t.db, w.regulator, filed.id, { action: "assign", version: 1, assigneeId: elsewhere.id })),
    ).toBe("report.badAssignee");
    await actOnReport(t.db, w.regulator, filed.id, { action: "assign", version: 1, assigneeId: colleague.id });
    expect(await key(actOnReport(t.db, colleague, filed.id, { action: "investigate", version: 1 }))).toBe(
      "report.stale",
    );
    await actOnReport(t.db, colleague, filed.id, { action: "investigate", version: 2 });
    const closed = await actOnReport(t.db, colleague, filed.id, {
      action: "close",
      version: 3,
      outcome: "confirmed_fake",
      note: "店内查获同号段假冒标签 200 枚",
    });
    expect(closed).toMatchObject({ status: "closed", outcome: "confirmed_fake", assignee_id: colleague.id });
    expect(await reportStatus(t.db, filed.ticket)).toMatchObject({ status: "closed", outcome: "confirmed_fake" });
    const found = await findReportFor(t.db, w.regulator, filed.id);
    expect(found?.events.map((e) => `${e.action}:${e.to_status}`)).toEqual([
      "receive:received",
      "assign:assigned",
      "investigate:investigating",
      "close:closed",
    ]);
    const audit = await t.db
      .selectFrom("audit_entry")
      .select(["action"])
      .where("entity_id", "=", filed.id)
      .orderBy("seq")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["report.file", "report.assign", "report.investigate", "report.close"]);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
