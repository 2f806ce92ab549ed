import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { formatSerial, parseCode } from "#app/label-code/code.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { equalHashes, leafHash } from "./hash.ts";
import { chunkedInclusionProof, rootFromInclusionProof } from "./merkle.ts";
import { parseCheckpointText } from "./checkpoint.ts";
import { parseNote } from "./note.ts";
import { decodeLeaf, type LabelOrderLeaf, type RegisterLeaf } from "./leaf.ts";
import { latestCheckpoint, storedTree } from "./log.server.ts";
import { logKeys } from "./keys.server.ts";

// Proofs anyone can check offline: that one label's order is in the log (RFC 6962 inclusion in
// a signed checkpoint), that the label is in that order (inclusion in the order's codesRoot),
// and that one checkpoint extends another (consistency).

const b64 = (h: Uint8Array) => Buffer.from(h).toString("base64");

export interface LabelProof {
  checkpoint: string;
  leafIndex: number;
  treeSize: number;
  leaf: string;
  inclusion: string[];
  batch: { index: number; size: number; root: string; path: string[] };
}

export interface LabelProofPage {
  proof: LabelProof;
  code: string;
  serial: number;
  /** The printed serials (formatSerial): the order's first and last, and this label's. */
  printed: { from: string; to: string; serial: string };
  order: LabelOrderLeaf;
  markName: string;
  enterpriseName: string;
  issuedOn: string;
  /** From the log itself: the authorization's last register entry recorded before the issue and in effect on its day. */
  authorizedAtIssue: { authorized: boolean; status: string };
  /** The authorization's public register history, each with its log entry. */
  register: {
    leafIndex: number;
    action: string;
    effectiveOn: string;
    reason: string | null;
    announcement: string | null;
  }[];
  origin: string;
  signer: string;
  witnesses: string[];
  /** Checked here too: the code's path reaches codesRoot and the order's path reaches the signed root. */
  verified: boolean;
}

export type ProofProblem = "invalid" | "unknown" | "pending";

/** The proof for a label code, with what the proof page says about it. */
export async function labelProof(db: Kysely<DB>, input: string): Promise<LabelProofPage | { problem: ProofProblem }> {
  const parsed = parseCode(input);
  if (!parsed.ok) return { problem: "invalid" };
  const label = await db
    .selectFrom("label")
    .select(["order_id", "serial", "serial_year", "code"])
    .where("code", "=", Buffer.from(parsed.bytes))
    .executeTakeFirst();
  if (!label) return { problem: "unknown" };
  const entry = await db
    .selectFrom("log_leaf")
    .select(["idx", "data"])
    .where("kind", "=", "label_order")
    .where("ref", "=", label.order_id)
    .executeTakeFirst();
  const checkpoint = await latestCheckpoint(db);
  const batch = await db.selectFrom("log_batch").selectAll().where("order_id", "=", label.order_id).executeTakeFirst();
  if (!entry || !checkpoint || checkpoint.size <= entry.idx || !batch) return { problem: "pending" };
  const order = decodeLeaf(entry.data) as LabelOrderLeaf | null;
  if (order?.type !== "gi.label-order.issued") return { problem: "pending" };

  const tree = storedTree(db, checkpoint.size);
  const inclusion = await tree.inclusionProof(entry.idx);
  const index = label.serial - order.serialFrom;
  const chunk = Math.floor(index / 256);
  const chunkCodes = await db
    .selectFrom("label")
    .select("code")
    .where("order_id", "=", label.order_id)
    .where("serial", ">=", order.serialFrom + chunk * 256)
    .where("serial", "<", order.serialFrom + chunk * 256 + 256)
    .orderBy("serial")
    .execute();
  const chunkHashes: Buffer[] = [];
  const stored = Buffer.from(batch.chunk_hashes);
  for (let i = 0; i < stored.length; i += 32) chunkHashes.push(stored.subarray(i, i + 32));
  const path = await chunkedInclusionProof(
    chunkCodes.map((c) => leafHash(c.code)),
    chunkHashes,
    index,
  );
  const codesRoot = Buffer.from(order.codesRoot, "base64");
  const verified =
    equalHashes(
      rootFromInclusionProof(leafHash(label.code), index, order.count, path) ?? Buffer.alloc(32),
      codesRoot,
    ) &&
    equalHashes(
      rootFromInclusionProof(leafHash(entry.data), entry.idx, checkpoint.size, inclusion) ?? Buffer.alloc(32),
      checkpoint.root,
    );

  const cosignatures = await db
    .selectFrom("log_cosignature")
    .select(["witness", "line"])
    .where("size", "=", checkpoint.size)
    .orderBy("witness")
    .execute();
  const note = checkpoint.note + cosignatures.map((c) => c.line).join("");
  const { text, signatures } = parseNote(checkpoint.note);

  const [mark, enterprise] = await Promise.all([
    db.selectFrom("mark").select(["name", "slug", "serial_prefix"]).where("slug", "=", order.mark).executeTakeFirst(),
    db.selectFrom("enterprise").select("name").where("uscc", "=", order.uscc).executeTakeFirst(),
  ]);
  const serialMark = mark ?? { serial_prefix: null, slug: order.mark };
  const issuedOn = shanghaiDate(new Date(order.issuedAt));
  const events = await db
    .selectFrom("authorization_event")
    .select("id")
    .where("authorization_id", "=", order.authorization)
    .execute();
  const registerRows = events.length
    ? await db
        .selectFrom("log_leaf")
        .select(["idx", "data"])
        .where("kind", "=", "register")
        .where(
          "ref",
          "in",
          events.map((e) => String(e.id)),
        )
        .where("idx", "<", checkpoint.size)
        .orderBy("idx")
        .execute()
    : [];
  const registerLeaves = registerRows.flatMap((r) => {
    const leaf = decodeLeaf(r.data) as RegisterLeaf | null;
    return leaf ? [{ idx: r.idx, leaf }] : [];
  });
  const before = registerLeaves.filter(
    (r) => r.leaf.recordedAt <= order.issuedAt && r.leaf.effectiveOn <= issuedOn && r.leaf.action !== "announce_exit",
  );
  const statusAtIssue = before.at(-1)?.leaf.to ?? "none";
  const authorizedAtIssue = {
    authorized: statusAtIssue === "active" || statusAtIssue === "rectifying",
    status: statusAtIssue,
  };
  const register = registerRows.flatMap((r) => {
    const leaf = decodeLeaf(r.data) as RegisterLeaf | null;
    return leaf
      ? [
          {
            leafIndex: r.idx,
            action: leaf.action,
            effectiveOn: leaf.effectiveOn,
            reason: leaf.reason,
            announcement: leaf.announcement?.number ?? null,
          },
        ]
      : [];
  });
  return {
    proof: {
      checkpoint: note,
      leafIndex: entry.idx,
      treeSize: checkpoint.size,
      leaf: b64(entry.data),
      inclusion: inclusion.map(b64),
      batch: { index, size: order.count, root: order.codesRoot, path: path.map(b64) },
    },
    code: parsed.code,
    serial: label.serial,
    printed: {
      from: formatSerial(serialMark, label.serial_year, order.serialFrom),
      to: formatSerial(serialMark, label.serial_year, order.serialTo),
      serial: formatSerial(serialMark, label.serial_year, label.serial),
    },
    order,
    markName: mark?.name ?? order.mark,
    enterpriseName: enterprise?.name ?? order.uscc,
    issuedOn,
    authorizedAtIssue,
    register,
    origin: parseCheckpointText(text).origin,
    signer: signatures[0] ? `${signatures[0].name}+${signatures[0].id.toString("hex")}` : logKeys().verifier,
    witnesses: cosignatures.map((c) => c.witness),
    verified,
  };
}

/** C2SP tlog-proof text: index, inclusion path, checkpoint; `extra` carries the leaf and the batch path. */
export function tlogProofText(p: LabelProof): string {
  const extra = Buffer.from(JSON.stringify({ leaf: p.leaf, batch: p.batch }), "utf8").toString("base64");
  return `c2sp.org/tlog-proof@v1\nextra ${extra}\nindex ${p.leafIndex}\n${p.inclusion.map((h) => `${h}\n`).join("")}\n${p.checkpoint}`;
}

export class ConsistencyRangeError extends Error {}

/** RFC 6962 consistency proof between two sizes of the log, up to its latest checkpoint. */
export async function consistency(db: Kysely<DB>, from: number, to: number): Promise<string[]> {
  const checkpoint = await latestCheckpoint(db);
  if (!checkpoint || from > to || to > checkpoint.size) throw new ConsistencyRangeError();
  return (await storedTree(db, to).consistencyProof(from)).map(b64);
}
