import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { allFacts, buildLeaves, type FactKind } from "./facts.server.ts";
import type { Leaf, RegisterLeaf } from "./leaf.ts";

// `log:verify --against-db`: the monitor that catches the database being edited behind the log.
// Every leaf must still be what the database's fact gives today, every public fact must have
// its leaf, the audit chain must still hold every head the log recorded, and the register's
// current dates and statuses must be those the log's entries lead to.

const QUEUE_GRACE_MS = 5 * 60_000;

export function factOf(leaf: Leaf): { kind: FactKind; ref: string } {
  switch (leaf.type) {
    case "gi.register.transition":
      return { kind: "register", ref: String(leaf.event) };
    case "gi.announcement":
      return { kind: "announcement", ref: leaf.announcement };
    case "gi.label-order.issued":
      return { kind: "label_order", ref: leaf.order };
    case "gi.label-range":
      return { kind: "ledger", ref: String(leaf.entry) };
    case "gi.inspection.announce":
      return { kind: "inspection_announce", ref: leaf.inspection };
    case "gi.inspection.draw":
      return { kind: "inspection", ref: leaf.inspection };
    case "gi.audit.head":
      return { kind: "audit_head", ref: String(leaf.seq) };
  }
}

function describe(leaf: Leaf): string {
  switch (leaf.type) {
    case "gi.register.transition":
      return `register change ${leaf.action} of authorization ${leaf.authorization} (event ${leaf.event})`;
    case "gi.announcement":
      return `announcement ${leaf.number}`;
    case "gi.label-order.issued":
      return `label order ${leaf.order} (serials ${leaf.serialFrom}–${leaf.serialTo})`;
    case "gi.label-range":
      return `ledger entry ${leaf.entry} (${leaf.action} of order ${leaf.order})`;
    case "gi.inspection.announce":
      return `announcement of inspection ${leaf.number}`;
    case "gi.inspection.draw":
      return `inspection ${leaf.number}`;
    case "gi.audit.head":
      return `audit head ${leaf.seq}`;
  }
}

function firstDifference(logged: Record<string, unknown>, now: Record<string, unknown>): string {
  for (const k of Object.keys({ ...logged, ...now }).sort()) {
    const [a, b] = [JSON.stringify(logged[k]), JSON.stringify(now[k])];
    if (a !== b) return `${k} is now ${b ?? "absent"}, the log says ${a ?? "absent"}`;
  }
  return "its bytes differ";
}

type Entry = { index: number; data: Buffer; leaf: Leaf };

/** The first way the database disagrees with the log's entries (as of a checkpoint of `size`), or null. */
export async function compareWithDatabase(
  db: Kysely<DB>,
  entries: readonly Entry[],
  size: number,
): Promise<string | null> {
  const logged = new Map<string, Entry>();
  for (const e of entries) logged.set(`${factOf(e.leaf).kind}:${factOf(e.leaf).ref}`, e);

  // 1. Every leaf is still its fact.
  const facts = entries.map((e) => factOf(e.leaf)).filter((f) => f.kind !== "audit_head");
  const rebuilt = new Map<string, Buffer>();
  for (let i = 0; i < facts.length; i += 2000) {
    for (const b of await buildLeaves(db, facts.slice(i, i + 2000))) rebuilt.set(`${b.kind}:${b.ref}`, b.data);
  }
  for (const e of entries) {
    const f = factOf(e.leaf);
    if (f.kind === "audit_head") continue;
    const now = rebuilt.get(`${f.kind}:${f.ref}`);
    if (!now) return `entry #${e.index}: the database no longer has the ${describe(e.leaf)}`;
    if (!now.equals(e.data))
      return `entry #${e.index}: the ${describe(e.leaf)} was changed in the database: ${firstDifference(
        e.leaf as unknown as Record<string, unknown>,
        JSON.parse(now.toString("utf8")) as Record<string, unknown>,
      )}`;
  }

  // 2. Every public fact has its leaf (or was logged after this checkpoint, or is just queued).
  const all = await allFacts(db);
  const missing = all.filter((f) => !logged.has(`${f.kind}:${f.ref}`));
  if (missing.length) {
    const [later, queued] = await Promise.all([
      db.selectFrom("log_leaf").select(["kind", "ref"]).where("idx", ">=", size).execute(),
      db
        .selectFrom("log_pending")
        .select(["kind", "ref"])
        .where("queued_at", ">", new Date(Date.now() - QUEUE_GRACE_MS))
        .execute(),
    ]);
    const excused = new Set([...later, ...queued].map((r) => `${r.kind}:${r.ref}`));
    const unlogged = missing.find((f) => !excused.has(`${f.kind}:${f.ref}`));
    if (unlogged) {
      const [leaf] = await buildLeaves(db, [unlogged]);
      return `the database has a ${leaf ? describe(leaf.leaf) : `${unlogged.kind} ${unlogged.ref}`} that is not in the log`;
    }
  }

  // 3. The audit chain still has every head the log recorded.
  const heads = entries.filter((e) => e.leaf.type === "gi.audit.head");
  if (heads.length) {
    const rows = await db
      .selectFrom("audit_entry")
      .select(["seq", "hash"])
      .where(
        "seq",
        "in",
        heads.map((h) => (h.leaf as { seq: number }).seq),
      )
      .execute();
    const bySeq = new Map(rows.map((r) => [r.seq, r.hash]));
    for (const h of heads) {
      const { seq, hash } = h.leaf as { seq: number; hash: string };
      const now = bySeq.get(seq);
      if (now === undefined)
        return `the audit chain no longer has entry ${seq}, whose hash the log recorded as the chain's head (entry #${h.index}): audit entries were deleted`;
      if (now !== hash)
        return `audit entry ${seq} was rewritten: its hash is not the one the log recorded (entry #${h.index})`;
    }
  }

  // 4. The register shows what the log's entries lead to.
  const register = entries.filter((e) => e.leaf.type === "gi.register.transition") as (Entry & {
    leaf: RegisterLeaf;
  })[];
  const byAuthorization = new Map<string, RegisterLeaf[]>();
  for (const e of register)
    byAuthorization.set(e.leaf.authorization, [...(byAuthorization.get(e.leaf.authorization) ?? []), e.leaf]);
  if (byAuthorization.size) {
    const rows = await db
      .selectFrom("authorization")
      .leftJoin("authorization_event as ev", (j) =>
        j
          .onRef("ev.authorization_id", "=", "authorization.id")
          .on("ev.action", "in", [
            "activate",
            "order_rectification",
            "restore",
            "suspend",
            "cancel",
            "withdraw",
            "expire",
          ]),
      )
      .select((eb) => [
        "authorization.id",
        "authorization.status",
        "authorization.active_from",
        "authorization.exited_on",
        eb.fn.max("ev.id").as("last_event"),
      ])
      .where("authorization.id", "in", [...byAuthorization.keys()])
      .groupBy(["authorization.id", "authorization.status", "authorization.active_from", "authorization.exited_on"])
      .execute();
    for (const a of rows) {
      const steps = byAuthorization.get(a.id)!.filter((l) => l.action !== "announce_exit");
      const last = steps.at(-1);
      // A change after this checkpoint is judged at the next one.
      if (!last || Number(a.last_event) !== last.event) continue;
      const activation = steps.find((l) => l.action === "activate");
      const exit = [...steps].reverse().find((l) => ["cancel", "withdraw", "expire"].includes(l.action));
      const day = (d: string | Date | null) =>
        d === null ? null : typeof d === "string" ? d : d.toISOString().slice(0, 10);
      if (a.status !== last.to)
        return `authorization ${a.id} is "${a.status}" in the register, but the log's last entry for it says "${last.to}"`;
      if (activation && day(a.active_from) !== activation.effectiveOn)
        return `authorization ${a.id} shows an entry date of ${day(a.active_from)}, but the log says ${activation.effectiveOn}`;
      if (exit && day(a.exited_on) !== exit.effectiveOn)
        return `authorization ${a.id} shows an exit date of ${day(a.exited_on)}, but the log says ${exit.effectiveOn}`;
    }
  }
  return null;
}
