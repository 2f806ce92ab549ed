import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit, verifyAuditChain, SYSTEM_ACTOR } from "#app/audit/audit.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function appendEntries(n: number, label = "x") {
  for (let i = 0; i < n; i++) {
    await t.db.transaction().execute((trx) =>
      recordAudit(trx, SYSTEM_ACTOR, {
        action: "calendar.set",
        entityType: "calendar_day",
        entityId: `${label}-${i}`,
        before: { n: i },
        after: { n: i + 1, nested: { b: 2, a: [1, "二"] } },
      }),
    );
  }
}

/** What an intruder with superuser rights would do: bypass the append-only trigger. */
async function asIntruder(fn: () => Promise<unknown>) {
  await sql`alter table audit_entry disable trigger user`.execute(t.db);
  try {
    await fn();
  } finally {
    await sql`alter table audit_entry enable trigger user`.execute(t.db);
  }
}

async function lastSeq() {
  const row = await t.db
    .selectFrom("audit_entry")
    .select((eb) => eb.fn.max("seq").as("max"))
    .executeTakeFirstOrThrow();
  return Number(row.max);
}

describe("audit chain", () => {
  it("chains entries and verifies an untouched chain", async () => {
    await appendEntries(5);
    const report = await verifyAuditChain(t.db);
    expect(report).toEqual({ ok: true, entries: await lastSeq() });
  });

  it("refuses UPDATE, DELETE and TRUNCATE from the application", async () => {
    await expect(sql`update audit_entry set action = 'x' where seq = 1`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_entry where seq = 1`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_entry`.execute(t.db)).rejects.toThrow(/append-only/);
  });

  it("keeps no entry when the change it describes rolls back", async () => {
    const before = await lastSeq();
    await expect(
      t.db.transaction().execute(async (trx) => {
        await recordAudit(trx, SYSTEM_ACTOR, { action: "calendar.remove", entityType: "calendar_day" });
        throw new Error("change failed");
      }),
    ).rejects.toThrow("change failed");
    expect(await lastSeq()).toBe(before);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("names an edited entry", async () => {
    await appendEntries(3, "edit");
    const target = (await lastSeq()) - 1;
    await asIntruder(() => sql`update audit_entry set after = '{"n": 999}'::jsonb where seq = ${target}`.execute(t.db));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, problem: { seq: target, kind: "edited" } });
    await asIntruder(() => sql`delete from audit_entry where seq >= ${target}`.execute(t.db));
  });

  it("names a deleted entry", async () => {
    await appendEntries(3, "delete");
    const target = (await lastSeq()) - 1;
    await asIntruder(() => sql`delete from audit_entry where seq = ${target}`.execute(t.db));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, problem: { seq: target, kind: "missing" } });
    await asIntruder(() => sql`delete from audit_entry where seq > ${target}`.execute(t.db));
  });

  it("names reordered entries", async () => {
    await appendEntries(3, "reorder");
    const b = (await lastSeq()) - 1;
    const a = b - 1;
    await asIntruder(async () => {
      await sql`update audit_entry set seq = -1 where seq = ${a}`.execute(t.db);
      await sql`update audit_entry set seq = ${a} where seq = ${b}`.execute(t.db);
      await sql`update audit_entry set seq = ${b} where seq = -1`.execute(t.db);
    });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, problem: { seq: a, kind: "reordered" } });
  });

  it("notices entries removed from the end", async () => {
    await asIntruder(() => sql`delete from audit_entry where seq >= 1`.execute(t.db));
    await sql`delete from app_meta where key = 'audit_head'`.execute(t.db);
    await appendEntries(4, "tail");
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    await asIntruder(() => sql`delete from audit_entry where seq = 4`.execute(t.db));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, problem: { seq: 4, kind: "missing" } });
  });

  it("gives every concurrent writer its own place in one chain", async () => {
    await sql`delete from app_meta where key = 'audit_head'`.execute(t.db);
    await asIntruder(() => sql`delete from audit_entry where seq >= 1`.execute(t.db));
    await Promise.all(Array.from({ length: 12 }, (_, i) => appendEntries(1, `parallel-${i}`)));
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, entries: 12 });
  });
});
