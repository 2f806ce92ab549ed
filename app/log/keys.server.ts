import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { getEnv } from "#app/env.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import {
  formatSignerKey,
  formatVerifierKey,
  generateSignerKey,
  parseSignerKey,
  parseVerifierKey,
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  type SignerKey,
  type VerifierKey,
} from "./note.ts";

// Key custody (docs/operations.md): the log's key and this instance's witness key are files in
// Go's signer-key form, named by LOG_SIGNING_KEY_FILE / LOG_WITNESS_KEY_FILE. When a file is
// absent it is generated (mode 0600) — in demo mode that is all; in production every process
// must be given the same file, and it must be backed up: a lost key means a new log identity.

/** The origin line (and key name): LOG_ORIGIN, else PUBLIC_ORIGIN's host and path + /log, else a demo name. */
export function logOrigin(): string {
  const env = getEnv();
  if (env.LOG_ORIGIN) return env.LOG_ORIGIN;
  if (env.PUBLIC_ORIGIN) {
    const url = new URL(env.PUBLIC_ORIGIN);
    return `${url.host}${url.pathname.replace(/\/+$/, "")}/log`;
  }
  return "gi-mark-registry.demo/log";
}

function loadOrCreate(path: string, create: () => SignerKey, log: (line: string) => void): SignerKey {
  if (existsSync(path)) return parseSignerKey(readFileSync(path, "utf8"));
  const key = create();
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${formatSignerKey(key)}\n`, { mode: 0o600, flag: "wx" });
  log(`[log] generated ${key.type === SIG_ED25519 ? "signing" : "witness"} key ${path} (${formatVerifierKey(key)})`);
  return key;
}

export interface LogKeys {
  origin: string;
  signer: SignerKey;
  verifier: string;
  witness: SignerKey;
  witnessVerifier: string;
}

let cached: LogKeys | undefined;

export function logKeys(log: (line: string) => void = (line: string) => logger.info(line)): LogKeys {
  if (cached) return cached;
  const env = getEnv();
  const origin = logOrigin();
  const signer = loadOrCreate(
    env.LOG_SIGNING_KEY_FILE ?? join(env.DATA_DIR, "log-signing.key"),
    () => generateSignerKey(origin, SIG_ED25519),
    log,
  );
  if (signer.name !== origin || signer.type !== SIG_ED25519)
    throw new Error(`the log signing key is for "${signer.name}", not this log's origin "${origin}"`);
  const witness = loadOrCreate(
    env.LOG_WITNESS_KEY_FILE ?? join(env.DATA_DIR, "log-witness.key"),
    () => generateSignerKey(`${origin}/witness`, SIG_COSIGNATURE_V1),
    log,
  );
  if (witness.type !== SIG_COSIGNATURE_V1) throw new Error("the witness key must be a cosignature (type 0x04) key");
  cached = {
    origin,
    signer,
    verifier: formatVerifierKey(signer),
    witness,
    witnessVerifier: formatVerifierKey(witness),
  };
  return cached;
}

/** Witnesses this log asks: "vkey=URL" entries (URL: the witness's submission prefix). */
export function configuredWitnesses(): { key: VerifierKey; url: string }[] {
  return getEnv()
    .LOG_WITNESSES.split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.lastIndexOf("=http");
      if (at < 0) throw new Error(`LOG_WITNESSES entry "${entry}" is not <vkey>=<URL>`);
      return { key: parseVerifierKey(entry.slice(0, at)), url: entry.slice(at + 1).replace(/\/+$/, "") };
    });
}

/** Logs this instance witnesses: their verifier keys (the key name is the log's origin). */
export function witnessedLogs(): VerifierKey[] {
  return getEnv()
    .LOG_WITNESSED_LOGS.split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((v) => parseVerifierKey(v));
}
