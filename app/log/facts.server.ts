import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { sha256 } from "./hash.ts";
import { StreamingTree } from "./merkle.ts";
import canonicalize from "canonicalize";
import {
  encodeLeaf,
  instant,
  type AnnouncementLeaf,
  type DrawAnnouncementLeaf,
  type DrawLeaf,
  type LabelOrderLeaf,
  type LabelRangeLeaf,
  type Leaf,
  type RegisterLeaf,
} from "./leaf.ts";

// Public facts as leaves: each kind read from its own rows, set-based, by id. The same builders
// serve appending (in the fact's transaction) and `log:verify --against-db` (which rebuilds every
// leaf from the database and compares bytes), so the two cannot drift apart.

export type FactKind =
  "register" | "announcement" | "label_order" | "ledger" | "inspection_announce" | "inspection" | "audit_head";
export const FACT_KINDS: readonly FactKind[] = [
  "register",
  "announcement",
  "label_order",
  "ledger",
  "inspection_announce",
  "inspection",
];

/** Register actions the public sees (an entry, and every change after it). */
export const PUBLIC_ACTIONS = [
  "activate",
  "order_rectification",
  "restore",
  "suspend",
  "cancel",
  "withdraw",
  "expire",
  "announce_exit",
] as const;
const EXIT_ACTIONS = ["cancel", "withdraw", "expire", "announce_exit"];

type Db = Kysely<DB>;
const date = (d: string | Date | null) =>
  d === null ? null : typeof d === "string" ? d : d.toISOString().slice(0, 10);

async function registerLeaves(db: Db, refs: string[]): Promise<Map<string, RegisterLeaf | null>> {
  const ids = refs.map(Number).filter(Number.isSafeInteger);
  const out = new Map<string, RegisterLeaf | null>(refs.map((r) => [r, null]));
  if (!ids.length) return out;
  const rows = await db
    .selectFrom("authorization_event as ev")
    .innerJoin("authorization as a", "a.id", "ev.authorization_id")
    .innerJoin("mark as m", "m.id", "a.mark_id")
    .innerJoin("enterprise as e", "e.id", "a.enterprise_id")
    .leftJoin("announcement as an", "an.id", "ev.announcement_id")
    .select([
      "ev.id",
      "ev.authorization_id",
      "ev.action",
      "ev.from_status",
      "ev.to_status",
      "ev.effective_on",
      "ev.at",
      "a.exit_reason",
      "a.active_from",
      "m.slug",
      "e.uscc",
      "an.number as announcement_number",
      "an.published_on as announcement_on",
    ])
    .where("ev.id", "in", ids)
    .execute();
  for (const r of rows) {
    // Steps before an entry (applications, refusals, withdrawing an application) are not public.
    if (!PUBLIC_ACTIONS.includes(r.action as (typeof PUBLIC_ACTIONS)[number]) || r.active_from === null) continue;
    out.set(String(r.id), {
      type: "gi.register.transition",
      v: 1,
      event: r.id,
      authorization: r.authorization_id,
      mark: r.slug,
      uscc: r.uscc,
      action: r.action,
      from: r.from_status,
      to: r.to_status,
      effectiveOn: date(r.effective_on)!,
      recordedAt: instant(r.at),
      reason: EXIT_ACTIONS.includes(r.action) ? r.exit_reason : null,
      announcement: r.announcement_number
        ? { number: r.announcement_number, publishedOn: date(r.announcement_on) }
        : null,
    });
  }
  return out;
}

async function announcementLeaves(db: Db, refs: string[]): Promise<Map<string, AnnouncementLeaf | null>> {
  const out = new Map<string, AnnouncementLeaf | null>(refs.map((r) => [r, null]));
  const ids = refs.filter((r) => /^[0-9a-f-]{36}$/.test(r));
  if (!ids.length) return out;
  const [rows, items] = await Promise.all([
    db.selectFrom("announcement").selectAll().where("id", "in", ids).where("status", "=", "published").execute(),
    db
      .selectFrom("authorization_event as ev")
      .innerJoin("authorization as a", "a.id", "ev.authorization_id")
      .innerJoin("mark as m", "m.id", "a.mark_id")
      .innerJoin("enterprise as e", "e.id", "a.enterprise_id")
      .select(["ev.announcement_id", "ev.authorization_id", "ev.action", "ev.effective_on", "m.slug", "e.uscc"])
      .where("ev.announcement_id", "in", ids)
      .execute(),
  ]);
  for (const r of rows) {
    out.set(r.id, {
      type: "gi.announcement",
      v: 1,
      announcement: r.id,
      number: r.number,
      title: r.title,
      division: r.division_code,
      publishedOn: date(r.published_on),
      publishedAt: r.published_at ? instant(r.published_at) : null,
      items: items
        .filter((i) => i.announcement_id === r.id)
        .map((i) => ({
          authorization: i.authorization_id,
          mark: i.slug,
          uscc: i.uscc,
          action: i.action,
          effectiveOn: date(i.effective_on)!,
        }))
        .sort((a, b) => (a.authorization + a.action < b.authorization + b.action ? -1 : 1)),
    });
  }
  return out;
}

/** The order's code tree, read back from its labels in serial order, 20,000 codes per query. */
export async function codesTreeOf(db: Db, orderId: string): Promise<StreamingTree> {
  const tree = new StreamingTree();
  let after = -1;
  for (;;) {
    const rows = await db
      .selectFrom("label")
      .select(["code", "serial"])
      .where("order_id", "=", orderId)
      .where("serial", ">", after)
      .orderBy("serial")
      .limit(20_000)
      .execute();
    for (const r of rows) tree.pushCode(r.code);
    if (rows.length < 20_000) return tree;
    after = rows[rows.length - 1]!.serial;
  }
}

async function labelOrderLeaves(
  db: Db,
  refs: string[],
  trees: ReadonlyMap<string, StreamingTree>,
): Promise<Map<string, { leaf: LabelOrderLeaf; tree: StreamingTree } | null>> {
  const out = new Map<string, { leaf: LabelOrderLeaf; tree: StreamingTree } | null>(refs.map((r) => [r, null]));
  const ids = refs.filter((r) => /^[0-9a-f-]{36}$/.test(r));
  if (!ids.length) return out;
  const rows = await db
    .selectFrom("label_order as o")
    .innerJoin("mark as m", "m.id", "o.mark_id")
    .innerJoin("enterprise as e", "e.id", "o.enterprise_id")
    .innerJoin("label_ledger as l", (j) => j.onRef("l.order_id", "=", "o.id").on("l.action", "=", "issue"))
    .select([
      "o.id",
      "o.authorization_id",
      "o.serial_year",
      "o.serial_from",
      "o.serial_to",
      "o.issued_count",
      "m.slug",
      "e.uscc",
      "l.at",
    ])
    .where("o.id", "in", ids)
    .execute();
  for (const r of rows) {
    if (r.serial_from === null || r.serial_to === null || r.serial_year === null) continue;
    const tree = trees.get(r.id) ?? (await codesTreeOf(db, r.id));
    out.set(r.id, {
      tree,
      leaf: {
        type: "gi.label-order.issued",
        v: 1,
        order: r.id,
        mark: r.slug,
        authorization: r.authorization_id,
        uscc: r.uscc,
        serialYear: r.serial_year,
        serialFrom: r.serial_from,
        serialTo: r.serial_to,
        count: r.issued_count,
        codesRoot: tree.root().toString("base64"),
        issuedAt: instant(r.at),
      },
    });
  }
  return out;
}

async function ledgerLeaves(db: Db, refs: string[]): Promise<Map<string, LabelRangeLeaf | null>> {
  const out = new Map<string, LabelRangeLeaf | null>(refs.map((r) => [r, null]));
  const ids = refs.map(Number).filter(Number.isSafeInteger);
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    const { rows } = await sql<{
      id: number;
      order_id: string;
      action: LabelRangeLeaf["action"];
      serial_from: number | null;
      serial_to: number | null;
      count: number;
      batch_id: string | null;
      reason: string | null;
      at: Date;
      serial_year: number | null;
      slug: string;
    }>`select l.id, l.order_id, l.action, l.serial_from, l.serial_to, l.count, l.batch_id, l.reason, l.at,
              o.serial_year, m.slug
         from label_ledger l join label_order o on o.id = l.order_id join mark m on m.id = o.mark_id
        where l.id in (select unnest(string_to_array(${chunk.join(",")}, ',')::bigint[]))
          and l.action in ('print', 'spoil', 'collect', 'void')`.execute(db);
    for (const r of rows) {
      out.set(String(r.id), {
        type: "gi.label-range",
        v: 1,
        entry: Number(r.id),
        order: r.order_id,
        mark: r.slug,
        action: r.action,
        serialYear: r.serial_year,
        serialFrom: r.serial_from === null ? null : Number(r.serial_from),
        serialTo: r.serial_to === null ? null : Number(r.serial_to),
        count: Number(r.count),
        batch: r.batch_id,
        // Void reasons are codes (damaged, lost, misprinted); anything else stays out of the log.
        reason: r.action === "void" || r.action === "spoil" ? r.reason : null,
        at: instant(r.at),
      });
    }
  }
  return out;
}

/** SHA-256 (hex) of the JCS array: how a leaf commits to a list anyone can read on the public page. */
export function listHash(list: readonly string[]): string {
  return sha256(Buffer.from(canonicalize(list)!, "utf8")).toString("hex");
}

async function inspectionAnnouncementLeaves(db: Db, refs: string[]): Promise<Map<string, DrawAnnouncementLeaf | null>> {
  const out = new Map<string, DrawAnnouncementLeaf | null>(refs.map((r) => [r, null]));
  const ids = refs.filter((r) => /^[0-9a-f-]{36}$/.test(r));
  if (!ids.length) return out;
  const rows = await db.selectFrom("inspection").selectAll().where("id", "in", ids).execute();
  for (const r of rows) {
    const population = (r.population as string[]) ?? [];
    out.set(r.id, {
      type: "gi.inspection.announce",
      v: 1,
      inspection: r.id,
      number: r.number,
      division: r.division_code,
      populationHash: listHash(population),
      populationCount: population.length,
      pool: (r.pool as string[]) ?? [],
      sample: r.sample_size !== null ? { size: r.sample_size } : { ratio: String(Number(r.sample_ratio)) },
      inspectorsPerTarget: r.inspectors_per_target,
      assignment: r.assignment,
      seedFrom: "first-checkpoint-containing-this-leaf",
      announcedAt: instant(r.created_at),
    });
  }
  return out;
}

async function inspectionLeaves(db: Db, refs: string[]): Promise<Map<string, DrawLeaf | null>> {
  const out = new Map<string, DrawLeaf | null>(refs.map((r) => [r, null]));
  const ids = refs.filter((r) => /^[0-9a-f-]{36}$/.test(r));
  if (!ids.length) return out;
  const [rows, targets, inspectors] = await Promise.all([
    db
      .selectFrom("inspection")
      .leftJoin("log_checkpoint as cp", "cp.size", "inspection.seed_checkpoint_size")
      .selectAll("inspection")
      .select(["cp.root as checkpoint_root", "cp.note as checkpoint_note"])
      .where("inspection.id", "in", ids)
      .where("inspection.drawn_at", "is not", null)
      .execute(),
    db
      .selectFrom("inspection_target")
      .select(["id", "inspection_id", "position", "authorization_id"])
      .where("inspection_id", "in", ids)
      .orderBy("position")
      .execute(),
    db
      .selectFrom("inspection_inspector as ii")
      .innerJoin("inspection_target as t", "t.id", "ii.target_id")
      .select(["ii.target_id", "ii.user_id", "ii.position"])
      .where("t.inspection_id", "in", ids)
      .orderBy("ii.position")
      .execute(),
  ]);
  for (const r of rows) {
    const population = (r.population as string[]) ?? [];
    const mine = targets.filter((t) => t.inspection_id === r.id);
    out.set(r.id, {
      type: "gi.inspection.draw",
      v: 1,
      inspection: r.id,
      number: r.number,
      division: r.division_code,
      seed: r.seed!,
      seedCheckpoint:
        r.seed_checkpoint_size !== null && r.checkpoint_root && r.checkpoint_note
          ? {
              // The checkpoint's own origin line, so the leaf names the log that seeded it.
              origin: r.checkpoint_note.slice(0, r.checkpoint_note.indexOf("\n")),
              size: r.seed_checkpoint_size,
              root: Buffer.from(r.checkpoint_root).toString("base64"),
            }
          : null,
      populationHash: listHash(population),
      populationCount: population.length,
      pool: (r.pool as string[]) ?? [],
      sampleSize: mine.length,
      inspectorsPerTarget: r.inspectors_per_target,
      assignment: r.assignment,
      targets: mine.map((t) => ({
        authorization: t.authorization_id,
        inspectors: inspectors.filter((i) => i.target_id === t.id).map((i) => i.user_id),
      })),
      drawnAt: instant(r.drawn_at!),
    });
  }
  return out;
}

export interface BuiltLeaf {
  kind: FactKind;
  ref: string;
  leaf: Leaf;
  data: Buffer;
  /** For an issued order: its code tree (chunk hashes are stored beside the leaf). */
  tree?: StreamingTree;
}

/**
 * The leaves of these facts, in the order given; facts that are not public (or no longer exist)
 * give none. `trees`: code trees the issuing transaction already built, so codes are not read back.
 */
export async function buildLeaves(
  db: Db,
  facts: readonly { kind: string; ref: string }[],
  trees: ReadonlyMap<string, StreamingTree> = new Map(),
): Promise<BuiltLeaf[]> {
  const refsOf = (k: FactKind) => facts.filter((f) => f.kind === k).map((f) => f.ref);
  const [register, announcement, orders, ledger, announced, inspection] = await Promise.all([
    registerLeaves(db, refsOf("register")),
    announcementLeaves(db, refsOf("announcement")),
    labelOrderLeaves(db, refsOf("label_order"), trees),
    ledgerLeaves(db, refsOf("ledger")),
    inspectionAnnouncementLeaves(db, refsOf("inspection_announce")),
    inspectionLeaves(db, refsOf("inspection")),
  ]);
  const built: BuiltLeaf[] = [];
  for (const f of facts) {
    const kind = f.kind as FactKind;
    if (kind === "label_order") {
      const o = orders.get(f.ref);
      if (o) built.push({ kind, ref: f.ref, leaf: o.leaf, data: encodeLeaf(o.leaf), tree: o.tree });
      continue;
    }
    const leaf =
      kind === "register"
        ? register.get(f.ref)
        : kind === "announcement"
          ? announcement.get(f.ref)
          : kind === "ledger"
            ? ledger.get(f.ref)
            : kind === "inspection_announce"
              ? announced.get(f.ref)
              : kind === "inspection"
                ? inspection.get(f.ref)
                : null;
    if (leaf) built.push({ kind, ref: f.ref, leaf, data: encodeLeaf(leaf) });
  }
  return built;
}

/** Every public fact in the database, oldest first per kind (for the monitor's comparison). */
export async function allFacts(db: Db): Promise<{ kind: FactKind; ref: string }[]> {
  const [events, announcements, orders, ledger, announced, inspections] = await Promise.all([
    db
      .selectFrom("authorization_event as ev")
      .innerJoin("authorization as a", "a.id", "ev.authorization_id")
      .select("ev.id")
      .where("ev.action", "in", [...PUBLIC_ACTIONS])
      .where("a.active_from", "is not", null)
      .orderBy("ev.id")
      .execute(),
    db.selectFrom("announcement").select("id").where("status", "=", "published").execute(),
    db.selectFrom("label_order").select("id").where("serial_from", "is not", null).execute(),
    db
      .selectFrom("label_ledger")
      .select("id")
      .where("action", "in", ["print", "spoil", "collect", "void"])
      .orderBy("id")
      .execute(),
    // Campaigns announced since decision 045; older ones were drawn in the act that created them.
    db
      .selectFrom("inspection")
      .select("id")
      .where((eb) => eb.or([eb("drawn_at", "is", null), eb("seed_checkpoint_size", "is not", null)]))
      .orderBy("created_at")
      .execute(),
    db.selectFrom("inspection").select("id").where("drawn_at", "is not", null).orderBy("drawn_at").execute(),
  ]);
  return [
    ...events.map((r) => ({ kind: "register" as const, ref: String(r.id) })),
    ...announcements.map((r) => ({ kind: "announcement" as const, ref: r.id })),
    ...orders.map((r) => ({ kind: "label_order" as const, ref: r.id })),
    ...ledger.map((r) => ({ kind: "ledger" as const, ref: String(r.id) })),
    ...announced.map((r) => ({ kind: "inspection_announce" as const, ref: r.id })),
    ...inspections.map((r) => ({ kind: "inspection" as const, ref: r.id })),
  ];
}
