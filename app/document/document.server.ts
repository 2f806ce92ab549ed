import { createHash, randomUUID } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely, Selectable, Transaction } from "kysely";
import type { DB, DocumentKind, DocumentTable } from "#db/schema.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { getEnv } from "#app/env.server.ts";
import { DomainError } from "#app/errors.ts";
import { documentVisibleTo } from "#app/accounts/scope.server.ts";
import { isUuid } from "#app/ids.ts";
import { logger } from "#app/logging/logger.server.ts";
import { MAX_DOCUMENT_BYTES } from "#app/forms/upload.server.ts";

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

/** Files written by a transaction that has not committed yet (decision 016). */
function pendingDir(): string {
  return join(uploadDir(), "pending");
}

/** The names the server gives files: nothing else is read or touched under the upload directory. */
const STORED_NAME = /^[0-9a-f-]{36}\.(pdf|jpg|png)$/;

/** A file as it arrived (from readMultipart): nothing about it is stored yet. */
export type Upload = { name: string; bytes: Uint8Array };
export type ContentType = Sniffed["contentType"];
export type DocumentRow = Selectable<DocumentTable>;

/** The type is what the bytes say (never the file name), within the size limit; else a message for `field`. */
export function checkUpload(file: Upload, field: string, allowed?: readonly ContentType[]): Sniffed {
  if (file.bytes.byteLength === 0) throw new DomainError("document.empty", { field });
  if (file.bytes.byteLength > MAX_DOCUMENT_BYTES) throw new DomainError("document.tooLarge", { field });
  const sniffed = sniffDocument(file.bytes);
  if (!sniffed || (allowed && !allowed.includes(sniffed.contentType)))
    throw new DomainError("document.badType", { field });
  return sniffed;
}

/** Stores the documents of one change, in the transaction that makes it. */
export interface DocumentStore {
  /**
   * Checks the upload and records it (audited) in this transaction. Its file is written under a
   * pending name and kept only if the transaction commits: a refused or failed change leaves no
   * row and no file. Call it after deciding that the change may happen.
   */
  store(
    file: Upload,
    kind: DocumentKind,
    owner: { actor: Actor; uploadedBy: string | null; enterpriseId: string | null },
    check?: { field?: string; allowed?: readonly ContentType[] },
  ): Promise<DocumentRow>;
  /**
   * Makes a kept draft (upload-draft.server.ts) a document in this transaction: the draft's row
   * goes, a document row comes (audited), and the file is copied under a pending name. If the
   * transaction rolls back the draft stays as it was; once it commits, the draft's file is removed.
   */
  adopt(
    draft: DraftFile,
    kind: DocumentKind,
    owner: { actor: Actor; uploadedBy: string | null; enterpriseId: string | null },
  ): Promise<DocumentRow>;
}

/** What adopt needs of a kept draft: its row, and where its file lies. */
export type DraftFile = {
  id: string;
  user_id: string;
  stored_name: string;
  original_name: string;
  content_type: ContentType;
  size_bytes: number;
  sha256: string;
  path: string;
};

/**
 * Runs `work` in one transaction with a DocumentStore bound to it. The only way to store a
 * document: there is no store outside a change. Files move from pending to their place after the
 * commit, and are removed if the transaction rolls back.
 */
export async function transactionWithDocuments<T>(
  db: Kysely<DB>,
  work: (trx: Transaction<DB>, documents: DocumentStore) => Promise<T>,
): Promise<T> {
  const written: string[] = [];
  const adopted: string[] = [];
  let result: T;
  try {
    result = await db.transaction().execute((trx) => work(trx, storeIn(trx, written, adopted)));
  } catch (error) {
    await Promise.all(written.map((name) => rm(join(pendingDir(), name), { force: true })));
    throw error;
  }
  for (const name of written) {
    // Committed: a failed move is finished by settlePendingDocuments at the next start.
    await rename(join(pendingDir(), name), join(uploadDir(), name)).catch((error: unknown) =>
      logger.error(`[documents] could not move committed upload ${name} into place: ${String(error)}`),
    );
  }
  // Committed: the adopted drafts' files are documents now (a file left behind is swept with expired drafts).
  await Promise.all(adopted.map((path) => rm(path, { force: true })));
  return result;
}

function storeIn(trx: Transaction<DB>, written: string[], adopted: string[]): DocumentStore {
  /** Writes the bytes (or copies the file) under a pending name, then records the row, audited. */
  const record = async (
    put: (path: string) => Promise<void>,
    meta: { ext: string; name: string; contentType: ContentType; size: number; sha256: string },
    kind: DocumentKind,
    owner: { actor: Actor; uploadedBy: string | null; enterpriseId: string | null },
    fromDraft?: string,
  ) => {
    const storedName = `${randomUUID()}.${meta.ext}`;
    const path = join(pendingDir(), storedName);
    await mkdir(pendingDir(), { recursive: true });
    try {
      await put(path);
    } catch (error) {
      await rm(path, { force: true });
      throw error;
    }
    written.push(storedName);
    const row = await trx
      .insertInto("document")
      .values({
        kind,
        original_name: displayName(meta.name),
        stored_name: storedName,
        content_type: meta.contentType,
        size_bytes: meta.size,
        sha256: meta.sha256,
        uploaded_by: owner.uploadedBy,
        enterprise_id: owner.enterpriseId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, owner.actor, {
      action: "document.upload",
      entityType: "document",
      entityId: row.id,
      after: {
        kind,
        name: row.original_name,
        sha256: row.sha256,
        size: row.size_bytes,
        ...(fromDraft ? { draft: fromDraft } : {}),
      },
    });
    return row;
  };
  return {
    async store(file, kind, owner, check = {}) {
      const sniffed = checkUpload(file, check.field ?? "documents", check.allowed);
      return record(
        (path) => writeFile(path, file.bytes, { flag: "wx" }),
        {
          ext: sniffed.ext,
          name: file.name,
          contentType: sniffed.contentType,
          size: file.bytes.byteLength,
          sha256: createHash("sha256").update(file.bytes).digest("hex"),
        },
        kind,
        owner,
      );
    },
    async adopt(draft, kind, owner) {
      // The draft is taken once: a second submission racing this one finds it gone.
      const taken = await trx
        .deleteFrom("upload_draft")
        .where("id", "=", draft.id)
        .where("user_id", "=", draft.user_id)
        .executeTakeFirst();
      if (Number(taken.numDeletedRows) !== 1) throw new DomainError("draft.unknown", { field: "documents" });
      const ext = draft.stored_name.split(".").pop()!;
      const row = await record(
        (path) => copyFile(draft.path, path),
        {
          ext,
          name: draft.original_name,
          contentType: draft.content_type,
          size: draft.size_bytes,
          sha256: draft.sha256,
        },
        kind,
        owner,
        draft.id,
      );
      adopted.push(draft.path);
      return row;
    },
  };
}

/** A transaction may run this long at most before its pending files count as abandoned. */
export const PENDING_UPLOAD_GRACE_MS = 60 * 60 * 1000;

/**
 * After a crash: pending files whose row committed are moved into place; those of transactions
 * that never committed are removed once older than PENDING_UPLOAD_GRACE_MS. Run at start.
 */
export async function settlePendingDocuments(db: Kysely<DB>, now = Date.now()) {
  const names = await readdir(pendingDir()).catch(() => [] as string[]);
  let moved = 0;
  let removed = 0;
  for (const name of names.filter((n) => STORED_NAME.test(n))) {
    const path = join(pendingDir(), name);
    const committed = await db.selectFrom("document").select("id").where("stored_name", "=", name).executeTakeFirst();
    if (committed) {
      await rename(path, join(uploadDir(), name));
      moved += 1;
    } else if ((await stat(path)).mtimeMs < now - PENDING_UPLOAD_GRACE_MS) {
      await rm(path, { force: true });
      removed += 1;
    }
  }
  return { moved, removed };
}

/** A document the caller may download (documentVisibleTo); anyone else: undefined (404). */
export async function findReadableDocument(db: Kysely<DB>, user: SessionUser, id: string) {
  if (!isUuid(id)) return undefined;
  return db
    .selectFrom("document")
    .selectAll("document")
    .where("document.id", "=", id)
    .where(documentVisibleTo(user))
    .executeTakeFirst();
}

export async function readDocumentBytes(storedName: string): Promise<Buffer> {
  if (!STORED_NAME.test(storedName)) throw new Error("bad stored name");
  return readFile(join(uploadDir(), storedName));
}
