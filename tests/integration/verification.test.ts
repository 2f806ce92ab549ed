import { mkdtempSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/connection.ts";
import { encodeCode, parseCode } from "#app/label-code/code.ts";
import { ScanLog } from "#app/verification/scan-log.server.ts";
import { scan, shareLocation, type ScanAnswer } from "#app/verification/verification.server.ts";
import { ensureScanPartitions, listScanPartitions } from "#app/verification/partitions.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { actOn, labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-verify-"));

let t: TestDatabase;
let w: LabelWorld;
let log: ScanLog;
let net = 0;
/** Each test scans from its own network, so per-network limits never leak between tests. */
const network = () => `10.0.${++net}.0/24`;
const randomCode = () => encodeCode(crypto.getRandomValues(new Uint8Array(16)));
const answer = (a: ScanAnswer) => {
  if (a.kind !== "answer") throw new Error(`expected an answer, got ${a.kind}`);
  return a;
};

beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "查询测试印务", { slug: "verify" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
  log = new ScanLog(async () => t.db, { flushIntervalMs: 50 });
});
afterAll(async () => {
  await log?.close();
  await t?.drop();
});

const scanOf = (input: string, from = network(), viewToken: string | null = null) =>
  scan(t.db, { input, channel: "page", network: from, userAgent: "vitest", viewToken }, { log, raw: t.raw }).then(
    answer,
  );

describe("verdicts", () => {
  it("tells genuine, voided, not activated, suspended, exited, unknown and malformed apart", async () => {
    const world = await labelsInEveryState(w, "VB-001");
    const genuine = await scanOf(world.codeAt(0));
    expect(genuine).toMatchObject({ verdict: "genuine", scans: { count: 1 }, suspicious: false });
    expect(genuine.facts).toMatchObject({
      batchNo: "VB-001",
      product: "千两茶",
      productionDate: "2026-11-01",
      authorizationStatus: "active",
      uscc: world.enterprise.uscc,
    });
    expect(genuine.facts?.entryAnnouncement).toMatch(/^L-/);

    expect((await scanOf(world.codeAt(10))).verdict).toBe("voided");
    expect((await scanOf(world.codeAt(15))).verdict).toBe("not_activated");

    // Lower case, spaces and hyphens are forgiven.
    const typed = world
      .codeAt(1)
      .toLowerCase()
      .replace(/(.{4})/g, "$1 - ");
    expect((await scanOf(typed)).verdict).toBe("genuine");

    await actOn(w, world.authorizationId, { action: "suspend", comment: "抽检不合格" });
    expect((await scanOf(world.codeAt(2))).verdict).toBe("suspended_user");
    await actOn(w, world.authorizationId, { action: "cancel", exitReason: "violation", comment: "违规" });
    const exited = await scanOf(world.codeAt(2));
    expect(exited.verdict).toBe("genuine_exited");
    expect(exited.facts).toMatchObject({ exitReason: "violation", authorizationStatus: "cancelled" });
    expect(exited.facts?.exitedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(exited.facts?.activeFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    expect((await scanOf(randomCode())).verdict).toBe("not_found");
    // One character changed: the check character catches it.
    const code = world.codeAt(3);
    const typo = code.slice(0, 5) + (code[5] === "7" ? "8" : "7") + code.slice(6);
    const wrong = await scanOf(typo);
    expect(wrong).toMatchObject({ verdict: "invalid", problem: "check", scans: null });
    expect(await scanOf("ABC")).toMatchObject({ verdict: "invalid", problem: "length", inputLength: 3 });
  });

  it("answers malformed input without touching the database, and unknown and malformed answers wait for the same floor", async () => {
    const untouchable = new Proxy(t.db, {
      get() {
        throw new Error("the database was touched");
      },
    });
    const startedAt = Date.now();
    const malformed = answer(
      await scan(untouchable, { input: "not-a-code!", channel: "api", network: network(), userAgent: null }, { log }),
    );
    const malformedMs = Date.now() - startedAt;
    expect(malformed.verdict).toBe("invalid");
    const start2 = Date.now();
    expect((await scanOf(randomCode())).verdict).toBe("not_found");
    const unknownMs = Date.now() - start2;
    const floor = 150; // VERIFY_MISS_FLOOR_MS default
    expect(malformedMs).toBeGreaterThanOrEqual(floor - 2);
    expect(unknownMs).toBeGreaterThanOrEqual(floor - 2);
  });
});

describe("scan counts", () => {
  it("numbers concurrent scans of one code 1..N exactly once, and the committed tally agrees", async () => {
    const world = await labelsInEveryState(w, "VB-002");
    const code = world.codeAt(0);
    const from = network();
    const answers = await Promise.all(Array.from({ length: 40 }, () => scanOf(code, from)));
    expect(answers.map((a) => a.scans!.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    const first = answers.find((a) => a.scans!.count === 1)!.scans!.firstScannedAt;
    expect(answers.every((a) => a.scans!.firstScannedAt.getTime() === first.getTime())).toBe(true);
    // Above the mark's threshold (5) every answer warns.
    expect(answers.filter((a) => a.suspicious).length).toBe(35);
    await log.flush();
    const tally = await t.db
      .selectFrom("scan_tally")
      .select(["scan_count"])
      .where("code", "=", parseCode(code).ok ? (parseCode(code) as { bytes: Uint8Array }).bytes : new Uint8Array())
      .executeTakeFirstOrThrow();
    expect(tally.scan_count).toBe(40);
    const next = await scanOf(code, from);
    expect(next.scans!.count).toBe(41);
  });

  it("a fresh process (empty memory) continues from the committed count", async () => {
    const world = await labelsInEveryState(w, "VB-003");
    const code = world.codeAt(0);
    for (let i = 0; i < 3; i++) await scanOf(code);
    await log.flush();
    const otherProcess = new ScanLog(async () => t.db);
    const again = answer(
      await scan(t.db, { input: code, channel: "page", network: network(), userAgent: null }, { log: otherProcess }),
    );
    expect(again.scans!.count).toBe(4);
    await otherProcess.close();
  });

  it("showing an answer again with its view token (language switch) does not count", async () => {
    const world = await labelsInEveryState(w, "VB-004");
    const code = world.codeAt(0);
    const first = await scanOf(code);
    const replay = await scanOf(code, network(), first.viewToken);
    expect(replay.scans!.count).toBe(1);
    expect(replay.ref).toBeNull();
    expect((await scanOf(code, network(), "forged.token")).scans!.count).toBe(2);
  });

  it("a chat app building a link card is answered without counting; a crawler guessing codes is still logged", async () => {
    const world = await labelsInEveryState(w, "VB-006");
    const code = world.codeAt(0);
    const from = network();
    const preview = (input: string) =>
      scan(
        t.db,
        { input, channel: "page", network: from, userAgent: "facebookexternalhit/1.1", preview: true },
        { log, raw: t.raw },
      ).then(answer);
    expect(await preview(code)).toMatchObject({ verdict: "genuine", scans: { count: 0 }, ref: null });
    expect((await scanOf(code, from)).scans!.count).toBe(1);
    expect((await preview(code)).scans!.count).toBe(1);
    expect((await preview(randomCode())).verdict).toBe("not_found");
    await log.flush();
    const logged = await t.db
      .selectFrom("scan")
      .select(["verdict", "user_agent", "channel"])
      .where("network", "=", from)
      .orderBy("id")
      .execute();
    expect(logged).toEqual([
      { verdict: "genuine", user_agent: "facebookexternalhit/1.1", channel: "preview" },
      { verdict: "genuine", user_agent: "vitest", channel: "page" },
      { verdict: "genuine", user_agent: "facebookexternalhit/1.1", channel: "preview" },
      { verdict: "not_found", user_agent: "facebookexternalhit/1.1", channel: "preview" },
    ]);
  });

  it("a link preview is logged as channel preview, leaves the consumer's count alone, and counts toward the limits", async () => {
    const world = await labelsInEveryState(w, "VB-007");
    const code = world.codeAt(0);
    const bytes = (parseCode(code) as { bytes: Uint8Array }).bytes;
    const crawler = network();
    const preview = (input: string, from = crawler) =>
      scan(
        t.db,
        { input, channel: "api", network: from, userAgent: "Googlebot/2.1", preview: true },
        { log, raw: t.raw },
      );

    expect((await scanOf(code)).scans!.count).toBe(1);
    expect(answer(await preview(code))).toMatchObject({ verdict: "genuine", scans: { count: 1 } });
    expect((await scanOf(code)).scans!.count).toBe(2);
    await log.flush();
    const rows = await t.db
      .selectFrom("scan")
      .select(["channel", "network", "user_agent"])
      .where("code", "=", bytes)
      .orderBy("id")
      .execute();
    expect(rows.map((r) => r.channel)).toEqual(["page", "preview", "page"]);
    expect(rows[1]).toMatchObject({ network: crawler, user_agent: "Googlebot/2.1" });
    const tally = await t.db
      .selectFrom("scan_tally")
      .select("scan_count")
      .where("code", "=", bytes)
      .executeTakeFirstOrThrow();
    expect(Number(tally.scan_count)).toBe(2);

    // Previews of unknown codes count towards the network's unknown-code limit…
    const guesser = network();
    await Promise.all(Array.from({ length: 30 }, () => preview(randomCode(), guesser)));
    expect(await preview(randomCode(), guesser)).toMatchObject({ kind: "limited", reason: "unknownCodes" });
    // …and every preview towards its scan limit (120 a minute).
    const walker = network();
    for (let i = 0; i < 120; i++) answer(await preview(world.codeAt(i % 10), walker));
    expect(await scanOf(code, walker).catch((e: Error) => e.message)).toBe("expected an answer, got limited");
  });

  it("logs every scan with a coarse network only, and a shared location rounded to about 1 km", async () => {
    const world = await labelsInEveryState(w, "VB-005");
    const code = world.codeAt(0);
    const from = network();
    const page = await scanOf(code, from);
    const bytes = (parseCode(code) as { bytes: Uint8Array }).bytes;
    expect(shareLocation(bytes, page.ref!, 28.123456, 111.987654, log)).toBe(true);
    expect(shareLocation(bytes, "../../etc", 1, 1, log)).toBe(false);
    await scan(
      t.db,
      { input: "definitely wrong\u0000", channel: "page", network: from, userAgent: "vitest\u0000", viewToken: null },
      { log },
    );
    await log.flush();
    await log.flush(); // the location update follows the scan row
    const rows = await t.db
      .selectFrom("scan")
      .select(["verdict", "network", "raw_input", "latitude", "longitude", "user_agent", "channel"])
      .where("network", "=", from)
      .orderBy("id")
      .execute();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ verdict: "genuine", network: from, user_agent: "vitest", channel: "page" });
    expect(Number(rows[0]!.latitude)).toBe(28.12);
    expect(Number(rows[0]!.longitude)).toBe(111.99);
    expect(rows[1]).toMatchObject({ verdict: "invalid", raw_input: "DEF1N1TE1YWR0NG" });
  });
});

describe("abuse", () => {
  it("limits scans per client (120 a minute); past 30 misses in 10 minutes only unknown codes are refused", async () => {
    const world = await labelsInEveryState(w, "VB-006");
    const busy = network();
    for (let i = 0; i < 120; i++) await scanOf(world.codeAt(i % 10), busy);
    const limited = await scan(
      t.db,
      { input: world.codeAt(0), channel: "page", network: busy, userAgent: null },
      { log },
    );
    expect(limited).toMatchObject({ kind: "limited", reason: "scans" });
    expect(limited.kind === "limited" && limited.retryAfter).toBeGreaterThan(0);
    // Another network is unaffected.
    expect((await scanOf(world.codeAt(0))).verdict).toBe("genuine");

    const guesser = network();
    await Promise.all(Array.from({ length: 30 }, () => scanOf("X".repeat(27), guesser)));
    const check = (input: string) => scan(t.db, { input, channel: "api", network: guesser, userAgent: null }, { log });
    expect(await check(randomCode())).toMatchObject({ kind: "limited", reason: "unknownCodes" });
    expect(await check("not a code")).toMatchObject({ kind: "limited", reason: "unknownCodes" });
    expect(answer(await check(world.codeAt(0))).verdict).toBe("genuine");
  });

  it("answers 'unavailable' within 2 seconds when the database does not answer", async () => {
    if (t.backend !== "postgres") {
      // PGlite runs inside this process: there is no server to lose. The PostgreSQL run covers it.
      expect(t.backend).toBe("pglite");
      return;
    }
    // A server that accepts connections and never speaks: the worst kind of outage.
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const port = (silent.address() as { port: number }).port;
    const dead = await openDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none`, max: 1 });
    const started = Date.now();
    const result = await scan(
      dead.db,
      { input: randomCode(), channel: "page", network: network(), userAgent: null },
      { log, raw: dead.raw },
    );
    expect(result.kind).toBe("unavailable");
    expect(Date.now() - started).toBeLessThan(2000);
    for (const socket of sockets) socket.destroy();
    silent.close();
    await dead.raw!.end({ timeout: 0 }).catch(() => {});
  });
});

describe("scan log", () => {
  it("keeps scans in memory while the database is down and writes them once it is back; close() flushes", async () => {
    let down = true;
    const flaky = new ScanLog(
      async () => {
        if (down) throw new Error("database down");
        return t.db;
      },
      { flushIntervalMs: 20 },
    );
    const world = await labelsInEveryState(w, "VB-007");
    const from = network();
    for (let i = 0; i < 5; i++)
      answer(
        await scan(t.db, { input: world.codeAt(0), channel: "api", network: from, userAgent: null }, { log: flaky }),
      );
    await flaky.flush();
    expect(flaky.pending).toBe(5);
    expect(flaky.stats.failedFlushes).toBeGreaterThan(0);
    down = false;
    await flaky.close();
    expect(flaky.pending).toBe(0);
    const written = await t.db
      .selectFrom("scan")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("network", "=", from)
      .executeTakeFirstOrThrow();
    expect(written.n).toBe(5);
  });

  it("a flush stuck on a connection that never answers gives up, keeps its scans, and the next one writes them", async () => {
    let hang = true;
    const silent = { transaction: () => ({ execute: () => new Promise(() => {}) }) } as unknown as typeof t.db;
    const stuck = new ScanLog(async () => (hang ? silent : t.db), { flushIntervalMs: 20, flushDeadlineMs: 200 });
    const world = await labelsInEveryState(w, "VB-008");
    const from = network();
    for (let i = 0; i < 3; i++)
      answer(
        await scan(t.db, { input: world.codeAt(0), channel: "api", network: from, userAgent: null }, { log: stuck }),
      );
    await stuck.flush();
    expect(stuck.pending).toBe(3);
    expect(stuck.stats.failedFlushes).toBeGreaterThan(0);
    hang = false;
    await stuck.close();
    const written = await t.db
      .selectFrom("scan")
      .select(sql<number>`count(*)::int`.as("n"))
      .where("network", "=", from)
      .executeTakeFirstOrThrow();
    expect(written.n).toBe(3);
  });

  const scansFrom = async (from: string) =>
    (
      await t.db
        .selectFrom("scan")
        .select(sql<number>`count(*)::int`.as("n"))
        .where("network", "=", from)
        .executeTakeFirstOrThrow()
    ).n;

  it("close() waits for a flush already under way: its scans are written before the process goes", async () => {
    // A database that answers, slowly: the flush holds its batch while close() is called.
    const slow = new Proxy(t.db, {
      get: (target, name) =>
        name === "transaction"
          ? () => ({
              execute: async (fn: Parameters<ReturnType<typeof t.db.transaction>["execute"]>[0]) => {
                await new Promise((r) => setTimeout(r, 300));
                return target.transaction().execute(fn);
              },
            })
          : Reflect.get(target, name),
    });
    const log = new ScanLog(async () => slow, { flushIntervalMs: 10_000 });
    const world = await labelsInEveryState(w, "VB-009");
    const from = network();
    for (let i = 0; i < 4; i++)
      answer(await scan(t.db, { input: world.codeAt(0), channel: "api", network: from, userAgent: null }, { log }));
    const underWay = log.flush();
    expect(log.pending).toBe(0); // the batch left the buffer for the flush
    await log.close();
    expect(await scansFrom(from)).toBe(4);
    await underWay;
  });

  it("scans the database does not take by shutdown wait on disk, and the next process writes them", async () => {
    const spoolDir = mkdtempSync(join(tmpdir(), "gi-scan-spool-"));
    // A connection that never answers until the pool is released, then fails (CONNECTION_DESTROYED).
    const waiting: ((e: Error) => void)[] = [];
    const silent = {
      transaction: () => ({ execute: () => new Promise((_, reject) => waiting.push(reject)) }),
    } as unknown as typeof t.db;
    const stopping = new ScanLog(async () => silent, { flushIntervalMs: 10_000, flushDeadlineMs: 60_000, spoolDir });
    const world = await labelsInEveryState(w, "VB-010");
    const from = network();
    for (let i = 0; i < 3; i++)
      answer(
        await scan(t.db, { input: world.codeAt(0), channel: "api", network: from, userAgent: null }, { log: stopping }),
      );
    void stopping.flush(); // hands the batch to a flush that hangs
    await stopping.close(200);
    for (const reject of waiting) reject(new Error("write CONNECTION_DESTROYED"));
    await stopping.settle();
    expect(await scansFrom(from)).toBe(0);

    const next = new ScanLog(async () => t.db, { flushIntervalMs: 10_000, spoolDir });
    expect(await next.resumeSpool()).toBe(3);
    // Counted as unwritten until they are written: the next scan of the code is its fourth.
    const fourth = answer(
      await scan(t.db, { input: world.codeAt(0), channel: "api", network: from, userAgent: null }, { log: next }),
    );
    expect(fourth.scans?.count).toBe(4);
    await next.close();
    expect(await scansFrom(from)).toBe(4);
  });

  it("makes month partitions ahead and moves rows that landed in the default partition", async () => {
    await ensureScanPartitions(t.db, 3);
    const before = await listScanPartitions(t.db);
    expect(before).toContain("scan_default");
    expect(before.filter((p) => /^scan_p\d{6}$/.test(p)).length).toBeGreaterThanOrEqual(4);
    // A scan dated far ahead lands in the default partition…
    await t.db
      .insertInto("scan")
      .values({
        scanned_at: new Date("2031-03-15T04:00:00Z"),
        verdict: "not_found",
        channel: "api",
        network: "10.9.9.0/24",
      })
      .execute();
    const where = async () =>
      (
        await sql<{
          part: string;
        }>`select tableoid::regclass::text as part from scan where network = '10.9.9.0/24'`.execute(t.db)
      ).rows[0]!.part;
    expect(await where()).toBe("scan_default");
    // …and moves into its own month when the partitions reach it.
    const months = (2031 - new Date().getFullYear()) * 12 + 6;
    expect(await ensureScanPartitions(t.db, months)).toBeGreaterThan(0);
    expect(await where()).toBe("scan_p203103");
    expect(await ensureScanPartitions(t.db, months)).toBe(0);
  });
});
