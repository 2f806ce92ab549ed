import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely, Transaction } from "kysely";
import type { DB, DocumentKind } from "#db/schema.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { getEnv } from "#app/env.server.ts";
import { DomainError } from "#app/errors.ts";
import { divisionPattern } from "#app/accounts/scope.server.ts";
import { isUuid } from "#app/ids.ts";

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
type Sniffed = { contentType: "application/pdf" | "image/jpeg" | "image/png"; ext: string };

/** The type is what the bytes say, never what the file name claims. */
export function sniffDocument(bytes: Uint8Array): Sniffed | null {
  const starts = (sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return { contentType: "application/pdf", ext: "pdf" }; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return { contentType: "image/jpeg", ext: "jpg" };
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { contentType: "image/png", ext: "png" };
  return null;
}

/** Keeps only a display name: no directories, no control characters, bounded length. */
export function displayName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  return (
    base
      .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, "")
      .trim()
      .slice(0, 120) || "document"
  );
}

export function uploadDir(): string {
  return join(getEnv().DATA_DIR, "uploads");
}

type SavedFile = {
  storedName: string;
  contentType: Sniffed["contentType"];
  size: number;
  sha256: string;
  name: string;
};

/** Checks and writes an upload under a server-made name; the caller records it in its transaction. */
export async function saveDocumentFile(
  file: { name: string; bytes: Uint8Array },
  field = "documents",
  allowed?: readonly Sniffed["contentType"][],
): Promise<SavedFile> {
  if (file.bytes.byteLength === 0) throw new DomainError("document.empty", { field });
  if (file.bytes.byteLength > MAX_DOCUMENT_BYTES) throw new DomainError("document.tooLarge", { field });
  const sniffed = sniffDocument(file.bytes);
  if (!sniffed || (allowed && !allowed.includes(sniffed.contentType)))
    throw new DomainError("document.badType", { field });
  const storedName = `${randomUUID()}.${sniffed.ext}`;
  await mkdir(uploadDir(), { recursive: true });
  await writeFile(join(uploadDir(), storedName), file.bytes, { flag: "wx" });
  return {
    storedName,
    contentType: sniffed.contentType,
    size: file.bytes.byteLength,
    sha256: createHash("sha256").update(file.bytes).digest("hex"),
    name: displayName(file.name),
  };
}

/** Records a saved file (audited) inside the caller's transaction. */
export async function insertDocument(
  trx: Transaction<DB>,
  actor: Actor,
  saved: SavedFile,
  kind: DocumentKind,
  owner: { uploadedBy: string | null; enterpriseId: string | null },
) {
  const row = await trx
    .insertInto("document")
    .values({
      kind,
      original_name: saved.name,
      stored_name: saved.storedName,
      content_type: saved.contentType,
      size_bytes: saved.size,
      sha256: saved.sha256,
      uploaded_by: owner.uploadedBy,
      enterprise_id: owner.enterpriseId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordAudit(trx, actor, {
    action: "document.upload",
    entityType: "document",
    entityId: row.id,
    after: { kind, name: row.original_name, sha256: row.sha256, size: row.size_bytes },
  });
  return row;
}

/** Stores an upload under a server-made name and records it (audited). */
export async function storeDocument(
  db: Kysely<DB>,
  user: SessionUser,
  file: { name: string; bytes: Uint8Array },
  kind: DocumentKind,
  enterpriseId: string | null,
) {
  const saved = await saveDocumentFile(file);
  return db
    .transaction()
    .execute((trx) => insertDocument(trx, actorOf(user), saved, kind, { uploadedBy: user.id, enterpriseId }));
}

/**
 * A document its uploader's enterprise may read, and regulators of the division where the
 * enterprise (or an authorization it is attached to) lies. Anyone else: undefined (404).
 */
export async function findReadableDocument(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id)) return undefined;
  let query = db
    .selectFrom("document")
    .leftJoin("enterprise", "enterprise.id", "document.enterprise_id")
    .selectAll("document")
    .where("document.id", "=", id);
  if (user.role === "enterprise")
    query = query.where("document.enterprise_id", "=", user.enterpriseId ?? "00000000-0000-0000-0000-000000000000");
  else if (user.role === "regulator") {
    const prefix = divisionPattern(user);
    query = query.where((eb) =>
      eb.or([
        eb("enterprise.division_code", "like", prefix),
        eb.exists(
          eb
            .selectFrom("authorization")
            .select("authorization.id")
            .where((inner) =>
              inner.or([
                inner("authorization.site_check_document_id", "=", eb.ref("document.id")),
                inner("authorization.enterprise_id", "=", eb.ref("document.enterprise_id")),
              ]),
            )
            .where("authorization.township_code", "like", prefix),
        ),
      ]),
    );
  } else if (user.role !== "admin") return undefined;
  return query.executeTakeFirst();
}

export async function readDocumentBytes(storedName: string): Promise<Buffer> {
  if (!/^[0-9a-f-]{36}\.(pdf|jpg|png)$/.test(storedName)) throw new Error("bad stored name");
  return readFile(join(uploadDir(), storedName));
}
