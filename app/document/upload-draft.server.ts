import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Kysely, Selectable } from "kysely";
import type { DB, UploadDraftTable } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { DomainError } from "#app/errors.ts";
import { isUuid } from "#app/ids.ts";
import {
  failureFrom,
  valuesOf,
  type FieldMessage,
  type FormFailure,
  type KeptFile,
  type Parsed,
} from "#app/forms/form.ts";
import { MAX_DOCUMENT_BYTES, type OversizedFile, type UploadedFile } from "#app/forms/upload.server.ts";
import { failureOf } from "#app/forms/form.server.ts";
import { checkUpload, displayName, uploadDir, type DraftFile } from "./document.server.ts";

/**
 * Files of a refused form (issue item 17, decision 016). A draft is not a document: it belongs to
 * one person's form in one session, appears on no record, and becomes a document only inside
 * the transaction of the change it supports (DocumentStore.adopt). Drafts expire.
 */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;

/** The forms that keep drafts. */
export type DraftForm = "apply";

type DraftRow = Selectable<UploadDraftTable>;

function draftDir(): string {
  return join(uploadDir(), "drafts");
}

const STORED_NAME = /^[0-9a-f-]{36}\.(pdf|jpg|png)$/;

export function keptFile(row: DraftRow): KeptFile {
  return { id: row.id, field: row.field, name: row.original_name, size: row.size_bytes };
}

/** Each new file passes (its bytes are a PDF, JPEG or PNG, within the limit) or is refused by name, beside its input. */
export function screenUploads(files: UploadedFile[], oversized: OversizedFile[]) {
  const accepted: UploadedFile[] = [];
  const refused: Record<string, FieldMessage> = {};
  for (const file of oversized)
    refused[file.field] ??= {
      key: "document.tooLargeNamed",
      params: { name: displayName(file.name), limit: MAX_DOCUMENT_BYTES / (1024 * 1024) },
    };
  for (const file of files) {
    try {
      checkUpload(file, file.field);
      accepted.push(file);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const key = error.key === "document.empty" ? "document.emptyNamed" : "document.badTypeNamed";
      refused[file.field] ??= { key, params: { name: displayName(file.name) } };
    }
  }
  return { accepted, refused };
}

const owned = (user: SessionUser, form: DraftForm) => (db: Kysely<DB>) =>
  db
    .selectFrom("upload_draft")
    .selectAll()
    .where("user_id", "=", user.id)
    .where("session_id", "=", user.sessionId)
    .where("form", "=", form)
    .where("created_at", ">", new Date(Date.now() - DRAFT_TTL_MS));

/**
 * The drafts a form names (its hidden `draft` inputs). Each must be this person's, in this
 * session, for this form and not expired; any other id (forged, another user's, expired) is
 * refused with a clear message and nothing happens.
 */
export async function findDrafts(
  db: Kysely<DB>,
  user: SessionUser,
  form: DraftForm,
  ids: unknown[],
): Promise<(DraftRow & DraftFile)[]> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string" && id !== ""))];
  if (!wanted.length) return [];
  if (!wanted.every(isUuid)) throw new DomainError("draft.unknown", { field: "documents" });
  const rows = await owned(user, form)(db).where("id", "in", wanted).orderBy("created_at").execute();
  if (rows.length !== wanted.length) throw new DomainError("draft.unknown", { field: "documents" });
  return rows.map((row) => ({ ...row, path: join(draftDir(), row.stored_name) }));
}

/** Keeps the accepted files of a refused submission as drafts of this person's form (audited). */
export async function keepDrafts(
  db: Kysely<DB>,
  user: SessionUser,
  form: DraftForm,
  files: UploadedFile[],
): Promise<DraftRow[]> {
  const kept: DraftRow[] = [];
  if (!files.length) return kept;
  await mkdir(draftDir(), { recursive: true });
  for (const file of files) {
    const sniffed = checkUpload(file, file.field);
    const storedName = `${randomUUID()}.${sniffed.ext}`;
    await writeFile(join(draftDir(), storedName), file.bytes, { flag: "wx" });
    try {
      kept.push(
        await db.transaction().execute(async (trx) => {
          const row = await trx
            .insertInto("upload_draft")
            .values({
              user_id: user.id,
              session_id: user.sessionId,
              form,
              field: file.field.slice(0, 40),
              original_name: displayName(file.name),
              stored_name: storedName,
              content_type: sniffed.contentType,
              size_bytes: file.bytes.byteLength,
              sha256: createHash("sha256").update(file.bytes).digest("hex"),
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          await recordAudit(trx, actorOf(user), {
            action: "document.draft_keep",
            entityType: "upload_draft",
            entityId: row.id,
            after: { form, field: row.field, name: row.original_name, size: row.size_bytes, sha256: row.sha256 },
          });
          return row;
        }),
      );
    } catch (error) {
      await rm(join(draftDir(), storedName), { force: true });
      throw error;
    }
  }
  return kept;
}

/** This person's drafts of this form (this session) that the submitted form no longer lists: gone, with their files. */
async function dropUnnamedDrafts(db: Kysely<DB>, user: SessionUser, form: DraftForm, named: readonly { id: string }[]) {
  let q = db
    .deleteFrom("upload_draft")
    .where("user_id", "=", user.id)
    .where("session_id", "=", user.sessionId)
    .where("form", "=", form);
  if (named.length)
    q = q.where(
      "id",
      "not in",
      named.map((d) => d.id),
    );
  const gone = await q.returning("stored_name").execute();
  for (const { stored_name } of gone) await rm(join(draftDir(), stored_name), { force: true });
}

/** Removes one of this person's kept files (audited); any other id is refused. */
export async function removeDraft(db: Kysely<DB>, user: SessionUser, form: DraftForm, id: string) {
  const [draft] = await findDrafts(db, user, form, [id]);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("upload_draft").where("id", "=", draft!.id).execute();
    await recordAudit(trx, actorOf(user), {
      action: "document.draft_remove",
      entityType: "upload_draft",
      entityId: draft!.id,
      before: { form, name: draft!.original_name, size: draft!.size_bytes },
    });
  });
  await rm(draft!.path, { force: true });
  return draft!;
}

/** Drafts past DRAFT_TTL_MS go, with their files; so do files that no draft names any more. Run at start. */
export async function sweepExpiredDrafts(db: Kysely<DB>, now = Date.now()) {
  const expired = await db
    .deleteFrom("upload_draft")
    .where("created_at", "<=", new Date(now - DRAFT_TTL_MS))
    .returning("stored_name")
    .execute();
  for (const { stored_name } of expired) await rm(join(draftDir(), stored_name), { force: true });
  let orphans = 0;
  for (const name of (await readdir(draftDir()).catch(() => [] as string[])).filter((n) => STORED_NAME.test(n))) {
    const path = join(draftDir(), name);
    if ((await stat(path)).mtimeMs > now - DRAFT_TTL_MS) continue;
    const row = await db.selectFrom("upload_draft").select("id").where("stored_name", "=", name).executeTakeFirst();
    if (!row) {
      await rm(path, { force: true });
      orphans += 1;
    }
  }
  return { expired: expired.length, orphans };
}

type Submission = { formData: FormData; files: UploadedFile[]; oversized: OversizedFile[] };
type Outcome<R> = { ok: true; result: R } | { ok: false; failure: FormFailure; status: number };

/**
 * Submits a form that carries files, keeping what was received when it is refused. The form's
 * kept drafts (hidden `draft` inputs) and its new files go to `submit` together; if the form does
 * not parse, a file is refused, or the change is refused, the acceptable new files are kept as
 * drafts and the failure lists every kept file and names only the refused file's input. A
 * `removeDraft` button removes one kept file and changes nothing else.
 */
export async function submitWithDrafts<T, R>(
  db: Kysely<DB>,
  user: SessionUser,
  form: DraftForm,
  upload: Submission,
  maxFiles: number,
  parse: (formData: FormData) => Parsed<T>,
  submit: (data: T, files: { uploads: UploadedFile[]; drafts: (DraftRow & DraftFile)[] }) => Promise<R>,
): Promise<Outcome<R>> {
  const { formData } = upload;
  const { accepted, refused } = screenUploads(upload.files, upload.oversized);
  let drafts: (DraftRow & DraftFile)[] = [];
  // Whether the form's list of kept files was read (a forged id refuses the form before that).
  let named = false;
  const fail = async (failure: FormFailure, status: number, keepNew = true): Promise<Outcome<R>> => {
    // Drafts this form no longer names go first: one person's kept files for a form never exceed
    // what the form itself may carry (drafts + new files are checked against maxFiles below).
    if (named) await dropUnnamedDrafts(db, user, form, drafts);
    const kept = [...drafts, ...(keepNew ? await keepDrafts(db, user, form, accepted) : [])];
    return {
      ok: false,
      status,
      failure: { ...failure, fieldErrors: { ...refused, ...failure.fieldErrors }, kept: kept.map(keptFile) },
    };
  };
  const refusedBy = (error: unknown) => {
    if (!(error instanceof DomainError)) throw error;
    // A form naming a kept file that is not this person's (forged, expired, another session's) is
    // refused with "nothing was changed": its new files are not kept either, or repeating it
    // would pile files up on disk.
    return fail(failureOf(error, formData), error.status, named);
  };
  try {
    drafts = await findDrafts(db, user, form, formData.getAll("draft"));
    named = true;
    const removing = formData.get("removeDraft");
    if (typeof removing === "string" && removing) {
      const gone = await removeDraft(db, user, form, removing);
      drafts = drafts.filter((d) => d.id !== gone.id);
      const notice = { key: "draft.removed" as const, params: { name: gone.original_name } };
      return fail({ ok: false, values: valuesOf(formData), fieldErrors: {}, notice }, 200);
    }
    if (drafts.length + accepted.length + Object.keys(refused).length > maxFiles) {
      // Too many files: none of the new ones is kept (keeping them would only grow the pile).
      const message = { key: "document.tooMany" as const, params: { max: maxFiles } };
      return fail(failureFrom(formData, message, "documents"), 400, false);
    }
  } catch (error) {
    return refusedBy(error);
  }
  const parsed = parse(formData);
  if (!parsed.ok) return fail(parsed, 400);
  if (Object.keys(refused).length) return fail({ ok: false, values: valuesOf(formData), fieldErrors: {} }, 400);
  try {
    return { ok: true, result: await submit(parsed.data, { uploads: accepted, drafts }) };
  } catch (error) {
    return refusedBy(error);
  }
}
