import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CITUS_PLAN, citusViolations } from "#db/citus.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";

// The schema stays ready for Citus (decision 021): labels, tallies and scans distributed by code.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe("the schema against Citus's rules", () => {
  it("every unique index and foreign key on a distributed table carries the distribution column, and every table has a place", async () => {
    expect(await citusViolations(t.db)).toEqual([]);
  });

  it("names what Citus would refuse: a unique index without the code, a key into a distributed table, an unplaced table", async () => {
    await t.db
      .transaction()
      .execute(async (trx) => {
        // What label carried before migration label_serials_by_order.
        await sql`alter table label add constraint label_serial_probe unique (mark_id, serial_year, serial)`.execute(
          trx,
        );
        await sql`create unique index scan_ref_probe on scan (ref, scanned_at)`.execute(trx);
        await sql`create table probe_note (code bytea references scan_tally(code), note text)`.execute(trx);
        await sql`create table probe_tally (code bytea primary key, label_code bytea references label(code))`.execute(
          trx,
        );
        const plan = {
          ...CITUS_PLAN,
          distributed: { ...CITUS_PLAN.distributed, probe_tally: "code" },
          reference: [...CITUS_PLAN.reference],
        };
        expect(await citusViolations(trx, plan)).toEqual([
          "table probe_note has no place in the Citus plan",
          "unique index label_serial_probe on distributed table label (mark_id, serial_year, serial) does not carry its distribution column code",
          "unique index scan_ref_probe on distributed table scan (ref, scanned_at) does not carry its distribution column code",
          "foreign key probe_tally_label_code_fkey (probe_tally → label) does not join the two distributed tables on their distribution columns",
        ]);
        await sql`alter table probe_note rename to mark_note`.execute(trx);
        const placed = { ...plan, reference: [...plan.reference, "mark_note"] };
        expect(await citusViolations(trx, placed)).toContain(
          "foreign key probe_note_code_fkey (mark_note → scan_tally) points from a reference table to a distributed table",
        );
        throw new Error("roll back the probes");
      })
      .catch((error: Error) => {
        if (error.message !== "roll back the probes") throw error;
      });
    expect(await citusViolations(t.db)).toEqual([]);
  });
});
