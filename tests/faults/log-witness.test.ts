import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/connection.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { transition } from "#app/authorization/transition.server.ts";
import { leafHash } from "#app/log/hash.ts";
import {
  formatSignerKey,
  formatVerifierKey,
  generateSignerKey,
  parseNote,
  parseVerifierKey,
  signNote,
  SIG_COSIGNATURE_V1,
  type SignerKey,
} from "#app/log/note.ts";
import { addCheckpointBody, checkpointText, parseCheckpointText, verifiedCosignature } from "#app/log/checkpoint.ts";
import { httpOk, startProcess, type Started } from "../../scripts/lib/processes.ts";

// Two instances of the built app (a county and a peer) witness each other's logs by C2SP
// tlog-witness; a forked history — forged, or a database restored from an older copy — is refused.
// +8 and +9: 3306 (E2E_PORT 3300 + 6) is MySQL's well-known port, taken on some machines.
const BASE_PORT = Number(process.env.E2E_PORT ?? 3210) + 8;

interface Instance {
  name: string;
  port: number;
  dir: string;
  origin: string;
  log: SignerKey;
  witness: SignerKey;
  app?: Started;
}

const root = mkdtempSync(join(tmpdir(), "gi-witness-"));
const make = (name: string, port: number): Instance => {
  const origin = `${name}.witness.test/log`;
  return {
    name,
    port,
    dir: join(root, name),
    origin,
    log: generateSignerKey(origin),
    witness: generateSignerKey(`${name}.witness.test/witness`, SIG_COSIGNATURE_V1),
  };
};
const a = make("county", BASE_PORT);
const b = make("peer", BASE_PORT + 1);

function env(self: Instance, other: Instance) {
  writeFileSync(join(root, `${self.name}.log.key`), formatSignerKey(self.log));
  writeFileSync(join(root, `${self.name}.witness.key`), formatSignerKey(self.witness));
  return {
    PORT: String(self.port),
    HOST: "127.0.0.1",
    DATABASE_URL: "",
    DATA_DIR: self.dir,
    LOG_ORIGIN: self.origin,
    LOG_SIGNING_KEY_FILE: join(root, `${self.name}.log.key`),
    LOG_WITNESS_KEY_FILE: join(root, `${self.name}.witness.key`),
    LOG_CHECKPOINT_MS: "500",
    LOG_WITNESSES: `${formatVerifierKey(other.witness)}=http://127.0.0.1:${other.port}/log/witness`,
    LOG_WITNESSED_LOGS: formatVerifierKey(other.log),
  };
}

const start = async (self: Instance, other: Instance) => {
  // A first start migrates, loads the divisions and seeds the demo: minutes on a busy machine.
  self.app = await startProcess(
    "node",
    ["--import", "tsx", "server.ts"],
    env(self, other),
    () => httpOk(`http://127.0.0.1:${self.port}/healthz`),
    480_000,
  );
};

async function checkpointOf(self: Instance) {
  const note = await (await fetch(`http://127.0.0.1:${self.port}/log/checkpoint`)).text();
  const { text, signatures } = parseNote(note);
  return { note, text, signatures, ...parseCheckpointText(text) };
}

/** Waits until `self`'s served checkpoint carries a valid cosignature by `witness`'s key. */
async function cosignedBy(self: Instance, witness: Instance, minSize = 0) {
  const key = parseVerifierKey(formatVerifierKey(witness.witness));
  for (let i = 0; i < 150; i++) {
    const cp = await checkpointOf(self);
    if (cp.size >= minSize && verifiedCosignature(cp.text, cp.signatures, key)) return cp;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${self.name}'s checkpoint was never cosigned by ${witness.name}:\n${self.app?.output()}`);
}

/** A public fact recorded in `self`'s database while it is stopped (the test opens the embedded database). */
async function suspendOne(self: Instance, skip = 0) {
  const handle = await openDatabase({ dataDir: join(self.dir, "pglite") });
  try {
    const u = await handle.db
      .selectFrom("app_user")
      .selectAll()
      .where("username", "=", "regulator.anhua")
      .executeTakeFirstOrThrow();
    const user: SessionUser = {
      id: u.id,
      username: u.username,
      displayName: u.display_name,
      role: u.role,
      divisionCode: u.division_code,
      divisionName: null,
      isApprover: u.is_approver,
      enterpriseId: null,
      printerId: null,
      sessionId: "witness-test",
    };
    const target = await handle.db
      .selectFrom("authorization")
      .innerJoin("mark", "mark.id", "authorization.mark_id")
      .select(["authorization.id", "authorization.version"])
      .where("authorization.status", "=", "active")
      .where("mark.division_code", "=", "430923")
      .orderBy("authorization.id")
      .offset(skip)
      .executeTakeFirstOrThrow();
    await transition(handle.db, user, target.id, { action: "suspend", version: target.version, comment: "见证测试" });
  } finally {
    await handle.close();
  }
}

const post = (self: Instance, body: string) =>
  fetch(`http://127.0.0.1:${self.port}/log/witness/add-checkpoint`, { method: "POST", body });

beforeAll(async () => {
  const started = await Promise.allSettled([start(a, b), start(b, a)]);
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    await Promise.all([a.app?.stop("SIGKILL"), b.app?.stop("SIGKILL")]);
    throw (failed as PromiseRejectedResult).reason;
  }
}, 600_000);

afterAll(async () => {
  await Promise.all([a.app?.stop("SIGKILL"), b.app?.stop("SIGKILL")]);
  rmSync(root, { recursive: true, force: true });
});

describe("two instances witness each other", () => {
  it("each serves its checkpoint with the other's valid cosignature", async () => {
    const [ca, cb] = await Promise.all([cosignedBy(a, b), cosignedBy(b, a)]);
    expect(ca.origin).toBe(a.origin);
    expect(cb.origin).toBe(b.origin);
    expect(ca.size).toBeGreaterThan(10); // the demo seed's history
  });

  it("refuses a forged fork of a log it witnesses, with the spec's answers", async () => {
    const cp = await cosignedBy(a, b);
    const forked = (size: number) =>
      signNote(checkpointText({ origin: a.origin, size, root: leafHash(Buffer.from(`fork ${size}`)) }), [a.log]);
    // Same size as cosigned, another root: 409.
    expect((await post(b, addCheckpointBody(cp.size, [], forked(cp.size)))).status).toBe(409);
    // Larger, from the cosigned size, with a proof that cannot hold: 422.
    expect((await post(b, addCheckpointBody(cp.size, [leafHash(Buffer.from("x"))], forked(cp.size + 3)))).status).toBe(
      422,
    );
    // From a size the witness did not cosign: 409 with the size it did.
    const wrongOld = await post(b, addCheckpointBody(0, [], forked(cp.size + 3)));
    expect(wrongOld.status).toBe(409);
    expect(wrongOld.headers.get("content-type")).toMatch(/^text\/x\.tlog\.size/);
    expect(Number(await wrongOld.text())).toBeGreaterThanOrEqual(cp.size);
    // Not signed by the log's key: 403. A log it does not witness: 404.
    const stranger = generateSignerKey(a.origin);
    const unsigned = signNote(checkpointText({ origin: a.origin, size: cp.size, root: cp.root }), [stranger]);
    expect((await post(b, addCheckpointBody(cp.size, [], unsigned))).status).toBe(403);
    const other = generateSignerKey("elsewhere.test/log");
    const unknown = signNote(checkpointText({ origin: "elsewhere.test/log", size: 1, root: cp.root }), [other]);
    expect((await post(b, addCheckpointBody(0, [], unknown))).status).toBe(404);
    // The real log still extends what the witness holds.
    await cosignedBy(a, b, cp.size);
  });

  it("refuses the county's log after its database is restored from an older copy", { timeout: 600_000 }, async () => {
    const before = await cosignedBy(a, b);
    await a.app!.stop("SIGTERM");
    const backup = join(root, "county-backup");
    cpSync(a.dir, backup, { recursive: true });
    // The county works on; the peer cosigns the longer log.
    await suspendOne(a, 0);
    await start(a, b);
    const grown = await cosignedBy(a, b, before.size + 1);
    expect(grown.size).toBeGreaterThan(before.size);
    // Restored from the backup, the county records other facts: another history of the same log.
    await a.app!.stop("SIGTERM");
    rmSync(a.dir, { recursive: true, force: true });
    cpSync(backup, a.dir, { recursive: true });
    // Not the authorization suspended in the other history: another one.
    await suspendOne(a, 1);
    await start(a, b);
    for (let i = 0; i < 50 && !/witness \S+ (refused checkpoint|has cosigned size)/.test(a.app!.output()); i++)
      await new Promise((r) => setTimeout(r, 200));
    expect(a.app!.output()).toMatch(
      /witness peer\.witness\.test\/witness (refused checkpoint \d+|has cosigned size \d+)/,
    );
    const served = await checkpointOf(a);
    expect(served.root.equals(grown.root)).toBe(false);
    expect(
      verifiedCosignature(served.text, served.signatures, parseVerifierKey(formatVerifierKey(b.witness))),
    ).toBeNull();
  });
});
