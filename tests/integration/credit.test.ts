import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { verifyAuditChain } from "#app/audit/audit.server.ts";
import {
  creditEventsOf,
  listCreditEvents,
  parseCreditCsv,
  recordCreditEvents,
} from "#app/credit/credit-event.server.ts";
import { DomainError } from "#app/errors.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { fakeUscc, makeUser } from "#tests/support/factories.ts";
import { activeUser, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-credit-"));

let t: TestDatabase;
let w: LabelWorld;
let elsewhere: SessionUser;
beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  elsewhere = await makeUser(t.db, "regulator", { divisionCode: "611026" });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "信用测试印务", { slug: "credit" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
});
afterAll(async () => {
  await t?.drop();
});

const key = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return e instanceof DomainError ? `${e.key} ${JSON.stringify(e.options.params ?? {})}` : String(e);
  }
};

it("imports all or nothing, names the bad line, flags the user's authorization for review and shows on its record", async () => {
  const user = await activeUser(w);
  const stranger = fakeUscc("430923");
  const good = `uscc,list,decidedOn,authority,documentNo,reason\n${user.enterprise.uscc.toLowerCase()},serious_dishonesty,2026-10-09,安化县市场监督管理局,安市监信〔2026〕7号,"虚假宣传, 拒不改正"\n${stranger},abnormal_operation,2026-09-01,安化县市场监督管理局,安市监异〔2026〕3号,未按期公示年报\n`;
  // A wrong check character on line 3: nothing is imported.
  const broken = good.replace(stranger, stranger.slice(0, 17) + (stranger[17] === "0" ? "1" : "0"));
  expect(key(() => parseCreditCsv(broken))).toBe('credit.badLine.uscc {"line":3}');
  expect(key(() => parseCreditCsv(good.replace("2026-09-01", "2026-13-01")))).toBe(
    'credit.badLine.decidedOn {"line":3}',
  );
  expect(await listCreditEvents(t.db, w.regulator)).toEqual([]);

  const entries = parseCreditCsv(good);
  expect(entries[0]).toMatchObject({ uscc: user.enterprise.uscc, reason: "虚假宣传, 拒不改正" });
  // The county records only for enterprises holding an authorization in it: the unregistered code is refused, named.
  const refused = [{ line: 3, uscc: stranger, reason: "unregistered" }];
  expect(await recordCreditEvents(t.db, w.regulator, entries, "import")).toEqual({
    added: 1,
    skipped: 0,
    flagged: 1,
    refused,
  });
  // The same file again adds nothing and raises nothing.
  expect(await recordCreditEvents(t.db, w.regulator, entries, "import")).toEqual({
    added: 0,
    skipped: 1,
    flagged: 0,
    refused,
  });
  // An administrator may record an unregistered code (a national list); the county of its code then sees it.
  const admin = await makeUser(t.db, "admin");
  expect(await recordCreditEvents(t.db, admin, entries, "import")).toMatchObject({ added: 1, skipped: 1, refused: [] });

  const flags = await t.db
    .selectFrom("flag")
    .select(["kind", "resolved_at"])
    .where("authorization_id", "=", user.authorizationId)
    .execute();
  expect(flags).toEqual([{ kind: "credit_event", resolved_at: null }]);
  const onRecord = await creditEventsOf(t.db, { id: user.enterprise.id, uscc: user.enterprise.uscc });
  expect(onRecord.map((c) => c.list)).toEqual(["serious_dishonesty"]);
  expect((await listCreditEvents(t.db, w.regulator)).map((c) => c.uscc).sort()).toEqual(
    [user.enterprise.uscc, stranger].sort(),
  );
  // Another county's regulator sees none of 安化's entries; enterprises may not record any.
  expect(await listCreditEvents(t.db, elsewhere)).toEqual([]);
  await expect(recordCreditEvents(t.db, user.member, entries, "manual")).rejects.toThrow(DomainError);
  const audited = await t.db.selectFrom("audit_entry").select("action").where("action", "=", "credit.record").execute();
  expect(audited).toHaveLength(2);
  // A list named in words, in either language, reads as its code.
  const named = parseCreditCsv(
    `${stranger},严重违法失信名单,2026-10-09,某机关,文1,事由\n${stranger},Administrative penalty,2026-10-09,某机关,文2,事由`,
  );
  expect(named.map((e) => e.list)).toEqual(["serious_dishonesty", "administrative_penalty"]);
  expect((await verifyAuditChain(t.db)).ok).toBe(true);
});
