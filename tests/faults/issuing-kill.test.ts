import { spawn } from "node:child_process";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { ThrowawayCluster } from "#tests/support/pg-cluster.ts";
import { makeEnterprise, makeUser } from "#tests/support/factories.ts";
import { makeMark } from "#tests/support/register-factories.ts";

// Needs a server another process can reach and a process to kill: runs on a throwaway cluster of
// its own (PGlite is in-process; the shared server is never used by fault tests).
let cluster: ThrowawayCluster;
let t: TestDatabase;
beforeAll(async () => {
  cluster = await ThrowawayCluster.create();
  process.env.TEST_BACKEND = "postgres";
  process.env.TEST_DATABASE_URL = cluster.url;
  t = await createTestDatabase();
}, 240_000);
afterAll(async () => {
  await t?.drop();
  await cluster?.destroy();
});

describe("a process killed in the middle of issuing", () => {
  it("leaves no partial set of codes and the order still awaiting approval", async () => {
    const mark = await makeMark(t.db, { slug: "kill" });
    const enterprise = await makeEnterprise(t.db);
    const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
    const authorization = await t.db
      .insertInto("authorization")
      .values({
        enterprise_id: enterprise.id,
        mark_id: mark.id,
        route: "gi_product",
        status: "active",
        township_code: mark.townships[0]!,
        products: "茶",
        annual_output: "1",
        label_manager_name: "王",
        label_manager_phone: "13800000000",
        active_from: "2025-01-01",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const order = await t.db
      .insertInto("label_order")
      .values({
        authorization_id: authorization.id,
        enterprise_id: enterprise.id,
        mark_id: mark.id,
        quantity_requested: 2_000_000,
        template: "圆形",
        intended_products: "茶",
        created_by: regulator.id,
      })
      .returning(["id", "version"])
      .executeTakeFirstOrThrow();
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.pathname = `/${t.name}`;

    // node itself, not npx: SIGKILL must reach the process that holds the connection.
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "tests/support/issue-child.ts",
        url.toString(),
        order.id,
        regulator.id,
        String(order.version),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) =>
      child.stdout.on("data", (d: Buffer) => d.toString().includes("issuing") && resolve()),
    );
    // Wait until rows are streaming (the transaction holds the order row), then kill -9.
    for (let i = 0; i < 200; i++) {
      const active = await sql<{
        n: number;
      }>`select count(*)::int as n from pg_stat_activity where datname = ${t.name} and query ilike 'copy label%'`.execute(
        t.db,
      );
      if (active.rows[0]!.n > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 500));
    child.kill("SIGKILL");
    await new Promise((r) => child.on("exit", r));
    // The server notices the dead client and rolls its transaction back.
    for (let i = 0; i < 200; i++) {
      const left = await sql<{
        n: number;
      }>`select count(*)::int as n from pg_stat_activity where datname = ${t.name} and query ilike 'copy label%'`.execute(
        t.db,
      );
      if (left.rows[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }

    const labels = await t.db
      .selectFrom("label")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("order_id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(Number(labels.n)).toBe(0);
    const after = await t.db
      .selectFrom("label_order")
      .select(["status", "issued_count"])
      .where("id", "=", order.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ status: "submitted", issued_count: 0 });
    const ledger = await t.db.selectFrom("label_ledger").select("action").where("order_id", "=", order.id).execute();
    expect(ledger).toEqual([]);
    // Nothing is left locked: the serial counter was never advanced and the order can be approved now.
    const counter = await t.db.selectFrom("label_serial_counter").selectAll().where("mark_id", "=", mark.id).execute();
    expect(counter).toEqual([]);
  });
});
