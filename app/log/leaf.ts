import canonicalize from "canonicalize";

// The leaves of the public log: RFC 8785 (JCS) canonical JSON, each with a `type` and a format
// version `v`. Only what the public register and public pages already show: identifiers, codes,
// dates, serial ranges; no person, no free text. docs/decisions/017 describes each type.

export const LEAF_VERSION = 1;

/** A public register transition (entry, rectification, suspension, restoration, exit, announced exit). */
export interface RegisterLeaf {
  type: "gi.register.transition";
  v: 1;
  /** authorization_event id: the fact this leaf records. */
  event: number;
  authorization: string;
  mark: string;
  uscc: string;
  action: string;
  from: string | null;
  to: string;
  /** The date it takes effect (the announcement's date for an entry). */
  effectiveOn: string;
  recordedAt: string;
  /** Exit reason code for exits; null otherwise. */
  reason: string | null;
  announcement: { number: string; publishedOn: string | null } | null;
}

export interface AnnouncementLeaf {
  type: "gi.announcement";
  v: 1;
  announcement: string;
  number: string;
  title: string;
  division: string;
  publishedOn: string | null;
  publishedAt: string | null;
  items: { authorization: string; mark: string; uscc: string; action: string; effectiveOn: string }[];
}

export interface LabelOrderLeaf {
  type: "gi.label-order.issued";
  v: 1;
  order: string;
  mark: string;
  authorization: string;
  uscc: string;
  serialYear: number;
  serialFrom: number;
  serialTo: number;
  count: number;
  /** base64 RFC 6962 root over the order's 16-byte codes in serial order. */
  codesRoot: string;
  issuedAt: string;
}

/** A run of consecutive serials printed, spoiled, collected or voided (one ledger entry). */
export interface LabelRangeLeaf {
  type: "gi.label-range";
  v: 1;
  entry: number;
  order: string;
  mark: string;
  action: "print" | "spoil" | "collect" | "void";
  serialYear: number | null;
  serialFrom: number | null;
  serialTo: number | null;
  count: number;
  batch: string | null;
  reason: string | null;
  at: string;
}

/**
 * A double-random campaign announced before it is drawn: who can be drawn (by hash), the pool and
 * the sample are fixed here, and the draw is seeded by the root of the first signed checkpoint
 * whose tree contains this leaf (decision 045), so no one can choose a seed that picks or spares.
 */
export interface DrawAnnouncementLeaf {
  type: "gi.inspection.announce";
  v: 1;
  inspection: string;
  number: string;
  division: string;
  /** SHA-256 (hex) of the JCS array of candidate authorization ids, and how many there were. */
  populationHash: string;
  populationCount: number;
  pool: string[];
  sample: { size: number } | { ratio: string };
  inspectorsPerTarget: number;
  assignment: string;
  /** How the seed will be chosen: the root (base64) of the first checkpoint containing this leaf. */
  seedFrom: "first-checkpoint-containing-this-leaf";
  announcedAt: string;
}

/** A double-random draw: who could be drawn (by hash), the pool, the seed and the result. */
export interface DrawLeaf {
  type: "gi.inspection.draw";
  v: 1;
  inspection: string;
  number: string;
  division: string;
  seed: string;
  /** The checkpoint the seed was taken from, when the campaign was seeded by the log. */
  seedCheckpoint: { origin: string; size: number; root: string } | null;
  /** SHA-256 (hex) of the JCS array of candidate authorization ids, and how many there were. */
  populationHash: string;
  populationCount: number;
  pool: string[];
  sampleSize: number;
  inspectorsPerTarget: number;
  assignment: string;
  targets: { authorization: string; inspectors: string[] }[];
  drawnAt: string;
}

/** The audit chain's head (seq:hash) at a checkpoint. */
export interface AuditHeadLeaf {
  type: "gi.audit.head";
  v: 1;
  seq: number;
  hash: string;
  at: string;
}

export type Leaf =
  RegisterLeaf | AnnouncementLeaf | LabelOrderLeaf | LabelRangeLeaf | DrawAnnouncementLeaf | DrawLeaf | AuditHeadLeaf;
export type LeafType = Leaf["type"];

export const LEAF_TYPES: readonly LeafType[] = [
  "gi.register.transition",
  "gi.announcement",
  "gi.label-order.issued",
  "gi.label-range",
  "gi.inspection.announce",
  "gi.inspection.draw",
  "gi.audit.head",
];

/** The leaf's bytes: JCS of the object. */
export function encodeLeaf(leaf: Leaf): Buffer {
  const text = canonicalize(leaf);
  if (text === undefined) throw new TypeError("leaf is not JSON");
  return Buffer.from(text, "utf8");
}

/** Reads a leaf back; null unless it is canonical JSON of a known type and version. */
export function decodeLeaf(bytes: Uint8Array): Leaf | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(bytes).toString("utf8"));
  } catch {
    return null;
  }
  if (!value || typeof value !== "object") return null;
  const leaf = value as Partial<Leaf>;
  if (!LEAF_TYPES.includes(leaf.type as LeafType) || leaf.v !== LEAF_VERSION) return null;
  if (canonicalize(value) !== Buffer.from(bytes).toString("utf8")) return null;
  return leaf as Leaf;
}

/** ISO 8601 UTC with milliseconds: how every instant is written in a leaf. */
export const instant = (d: Date | string) => new Date(d).toISOString();
