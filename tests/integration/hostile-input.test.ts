import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findMarkBySlug } from "#app/authorization/register.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

it("a NUL character in any parameter matches nothing instead of failing the query", async () => {
  await expect(findMarkBySlug(t.db, "anhua\u0000dark-tea")).resolves.toBeUndefined();
  const { rows } = await sql<{ echoed: string }>`select ${"a\u0000b"}::text as echoed`.execute(t.db);
  expect(rows[0]!.echoed).toBe("ab");
  const many = await t.db.selectFrom("mark").select("id").where("slug", "in", ["x\u0000", "y"]).execute();
  expect(many).toEqual([]);
});
