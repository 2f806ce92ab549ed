import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import type { AuditAction, AuditEntityType } from "./actions.ts";
import { jsonb } from "#db/json.ts";
import { GENESIS_HASH, entryHash, toJsonValue } from "./chain.ts";

export interface Actor {
  userId: string | null;
  /** Who, readable in the audit viewer: "admin (系统管理员)", "system", "public". */
  label: string;
}

export const SYSTEM_ACTOR: Actor = { userId: null, label: "system" };

export interface AuditInput {
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

// Any fixed 64-bit key: serialises appends so the chain has one head. The public log (app/log)
// appends under the same lock, so a transaction taking both can never deadlock.
export const AUDIT_CHAIN_LOCK = 7_344_002_611;
const AUDIT_HEAD_KEY = "audit_head";

/**
 * The one audit helper. Call it inside the transaction that makes the change, so the
 * change and its entry commit or roll back together.
 */
/** `trx` must be a transaction (a Kysely bound to one, for the COPY path): the lock below is transaction-scoped. */
export async function recordAudit(trx: Transaction<DB> | Kysely<DB>, actor: Actor, input: AuditInput): Promise<number> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const head = await trx
    .selectFrom("audit_entry")
    .select(["seq", "hash"])
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const at = new Date();
  const before = toJsonValue(input.before);
  const after = toJsonValue(input.after);
  const fields = {
    seq,
    at,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    before,
    after,
    reason: input.reason ?? null,
    prevHash,
  };
  const hash = entryHash(fields);
  await trx
    .insertInto("audit_entry")
    .values({
      seq,
      at,
      actor_user_id: fields.actorUserId,
      actor_label: fields.actorLabel,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      before: jsonb(before),
      after: jsonb(after),
      reason: fields.reason,
      prev_hash: prevHash,
      hash,
    })
    .execute();
  await trx
    .insertInto("app_meta")
    .values({ key: AUDIT_HEAD_KEY, value: `${seq}:${hash}` })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet((eb) => ({ value: eb.ref("excluded.value"), updated_at: new Date() })),
    )
    .execute();
  return seq;
}

export type ChainProblem = {
  seq: number;
  kind: "edited" | "missing" | "reordered";
  detail: string;
};

export type ChainReport = { ok: true; entries: number } | { ok: false; entries: number; problem: ChainProblem };

/** Walks the whole chain in seq order and names the first entry that was tampered with. */
export async function verifyAuditChain(db: Kysely<DB>, batchSize = 2000): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom("audit_entry")
      .selectAll()
      .where("seq", ">=", expectedSeq)
      .orderBy("seq")
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return fail(count, {
          seq: expectedSeq,
          kind: "missing",
          detail: `entry ${expectedSeq} is missing (next is ${row.seq})`,
        });
      }
      if (row.prev_hash !== prevHash) {
        // Linked to another predecessor. If that predecessor still exists elsewhere, rows were
        // moved; if not, the entry before this one was rewritten or removed.
        const linked = await db
          .selectFrom("audit_entry")
          .select("seq")
          .where("hash", "=", row.prev_hash)
          .executeTakeFirst();
        return linked
          ? fail(count, {
              seq: row.seq,
              kind: "reordered",
              detail: `entry ${row.seq} should follow entry ${linked.seq}, not ${row.seq - 1}`,
            })
          : fail(count, {
              seq: row.seq - 1,
              kind: "edited",
              detail: `entry ${row.seq - 1} was rewritten or removed (entry ${row.seq} no longer links to it)`,
            });
      }
      const intact =
        entryHash({
          seq: row.seq,
          at: row.at,
          actorUserId: row.actor_user_id,
          actorLabel: row.actor_label,
          action: row.action,
          entityType: row.entity_type,
          entityId: row.entity_id,
          before: row.before,
          after: row.after,
          reason: row.reason,
          prevHash: row.prev_hash,
        }) === row.hash;
      if (!intact) {
        return fail(count, { seq: row.seq, kind: "edited", detail: `entry ${row.seq} (${row.action}) was edited` });
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < batchSize) break;
  }
  // A deleted tail leaves no gap; the head is also kept in app_meta to catch that.
  const head = await db.selectFrom("app_meta").select("value").where("key", "=", AUDIT_HEAD_KEY).executeTakeFirst();
  if (head && head.value !== `${count}:${prevHash}`) {
    const headSeq = Number(head.value.split(":")[0]);
    return fail(count, {
      seq: headSeq > count ? count + 1 : count,
      kind: headSeq > count ? "missing" : "edited",
      detail:
        headSeq > count
          ? `entries ${count + 1}..${headSeq} were removed`
          : `the chain head does not match entry ${count}`,
    });
  }
  return { ok: true, entries: count };
}

function fail(entries: number, problem: ChainProblem): ChainReport {
  return { ok: false, entries, problem };
}
