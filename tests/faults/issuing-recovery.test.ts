import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle } from "#db/connection.ts";
import { decideOrder, orderLabels } from "#app/label/label-order.server.ts";
import { startIssuingWorker, stopIssuingWorker } from "#app/label/issuing-job.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { ThrowawayCluster } from "#tests/support/pg-cluster.ts";
import { makeUser } from "#tests/support/factories.ts";

import { activeUser, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";
import { httpOk, startProcess } from "../../scripts/lib/processes.ts";

// Issuing jobs survive the app being stopped (SIGTERM) while it issues, on a throwaway cluster of
// its own. A database restart mid-COPY is not covered yet: postgres.js then throws from a
// deferred socket write (decision 012, "Left open").
let cluster: ThrowawayCluster;
let t: TestDatabase;
let w: LabelWorld;
let handle: DatabaseHandle;
const PORT = 3291;

beforeAll(async () => {
  cluster = await ThrowawayCluster.create();
  process.env.TEST_BACKEND = "postgres";
  process.env.TEST_DATABASE_URL = cluster.url;
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  const { mark, printerId, printer } = await markWithPrinter(t.db, "故障测试印务", { slug: "recovery" });
  w = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
}, 240_000);
afterAll(async () => {
  stopIssuingWorker();
  await handle?.close().catch(() => {});
  await t?.drop().catch(() => {});
  await cluster?.destroy();
});

const databaseUrl = () => {
  const url = new URL(cluster.url);
  url.pathname = `/${t.name}`;
  return url.toString();
};

/** An order of `quantity` approved for background issuing: its job waits to be claimed. */
async function approvedOrder(quantity: number) {
  const user = await activeUser(w);
  const order = await orderLabels(w.db, user.member, {
    authorizationId: user.authorizationId,
    quantity,
    template: "圆形",
    intendedProducts: "茶",
    printerId: w.printerId,
  });
  await decideOrder(w.db, w.regulator, order.id, { approve: true, version: order.version }, { background: () => {} });
  return order.id;
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, seconds: number): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const v = await read().catch(() => undefined as T);
    if (v !== undefined && ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${seconds} s (last: ${JSON.stringify(v)})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const copying = (db: DatabaseHandle["db"]) =>
  sql<{
    n: number;
  }>`select count(*)::int as n from pg_stat_activity where query ilike 'copy label%' and state = 'active'`
    .execute(db)
    .then((r) => r.rows[0]!.n);

const orderState = (orderId: string, db = w.db) =>
  db
    .selectFrom("label_order")
    .innerJoin("issuing_job", "issuing_job.order_id", "label_order.id")
    .select(["label_order.status", "label_order.issued_count", "issuing_job.state", "issuing_job.attempts"])
    .where("label_order.id", "=", orderId)
    .executeTakeFirstOrThrow();

describe("issuing jobs under faults", () => {
  it(
    "SIGTERM while issuing: the app exits at once and another process finishes the order",
    { timeout: 240_000 },
    async () => {
      const orderId = await approvedOrder(2_000_000);
      const app = await startProcess(
        "node",
        ["--import", "tsx", "server.ts"],
        {
          DATABASE_URL: databaseUrl(),
          PORT: String(PORT),
          HOST: "127.0.0.1",
          APP_ENV: "production",
          SESSION_SECRET: "fault-tests-secret-0123456789abcdef-0123",
          SEED: "none",
          DATA_DIR: mkdtempSync(join(tmpdir(), "gi-faults-issuing-")), // its own keys and scan spool
        },
        () => httpOk(`http://127.0.0.1:${PORT}/healthz`),
      );
      await until(
        "the app's COPY runs",
        () => copying(w.db),
        (n) => n > 0,
        60,
      );
      // Requests get 5 s to finish and the database 5 s to let go: the COPY is not waited for (it
      // used to hold SIGTERM until it ended). Exiting while the order still awaits its codes shows it.
      const code = await app.stop("SIGTERM");
      expect(code, app.output()).toBe(0);
      expect((await orderState(orderId)).status).toBe("approved");

      // The job is left running with a heartbeat that has stopped; a live process takes it over.
      handle = await openDatabase({ url: databaseUrl(), max: 4 });
      startIssuingWorker(handle.db, handle.raw, { pollMs: 200, staleMs: 3_000 });
      try {
        const done = await until(
          "the order is issued",
          () => orderState(orderId),
          (s) => s.status === "issued",
          180,
        );
        expect(done).toMatchObject({ issued_count: 2_000_000, state: "done" });
      } finally {
        stopIssuingWorker();
      }
    },
  );
});
