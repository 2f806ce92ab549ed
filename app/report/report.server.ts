import { randomInt } from "node:crypto";
import { type Kysely, type Transaction } from "kysely";
import type { DB, ReportProblem } from "#db/schema.ts";
import { recordAudit, type Actor } from "#app/audit/audit.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { transactionWithDocuments, type DocumentStore, type Upload } from "#app/document/document.server.ts";
import { DomainError } from "#app/errors.ts";
import { DATA_ALPHABET, parseCode } from "#app/label-code/code.ts";
import { isUniqueViolation } from "#db/errors.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { isUuid } from "#app/ids.ts";
import { storedSubmissionKey } from "#app/forms/submission-key.server.ts";
import { reportFiled } from "#app/notification/events.server.ts";
import { DEFAULT_LANG, type Lang } from "#app/i18n/i18n.ts";

export const PUBLIC_ACTOR: Actor = { userId: null, label: "public" };
export const MAX_REPORT_PHOTOS = 3;

/**
 * A case's photos (a consumer's) or screenshots (a listing's): JPEG or PNG only, numbered in the
 * order given, stored in the case's transaction.
 */
export async function storeReportPhotos(
  trx: Transaction<DB>,
  documents: DocumentStore,
  reportId: string,
  files: readonly Upload[],
  by: { actor: Actor; field: string },
) {
  for (const [i, file] of files.entries()) {
    const document = await documents.store(
      file,
      "report_photo",
      { actor: by.actor, uploadedBy: by.actor.userId, enterpriseId: null },
      { field: by.field, allowed: ["image/jpeg", "image/png"] },
    );
    await trx
      .insertInto("report_photo")
      .values({ report_id: reportId, document_id: document.id, position: i + 1 })
      .execute();
  }
}

export interface ReportInput {
  codeInput: string;
  markId?: string | undefined;
  problem: ReportProblem;
  description: string;
  placeKind: "shop" | "online";
  place: string;
  contact?: string | undefined;
  /** The language the reporter wrote in: news of the report reaches a left e-mail address in it. */
  lang?: Lang | undefined;
  /** From the form as shown: the same key twice is the same report. */
  submissionKey?: string | undefined;
}

/** JB-20261123-7K3QX9: the date for people, six random symbols so tickets cannot be enumerated. */
export function newTicket(now = new Date()): string {
  const day = shanghaiDate(now).replaceAll("-", "");
  let tail = "";
  for (let i = 0; i < 8; i++) tail += DATA_ALPHABET[randomInt(DATA_ALPHABET.length)];
  return `JB-${day}-${tail}`;
}

/** Normalises what a reporter types back into a ticket (case, spaces, full width). */
export function normalizeTicket(input: string): string {
  return input.normalize("NFKC").toUpperCase().replace(/\s/g, "").slice(0, 40);
}

/**
 * A consumer's report, routed to the division competent for the label's production site (or,
 * for an unknown code, the chosen mark's division). Photos, the report and its first event
 * commit together.
 */
export async function fileReport(
  db: Kysely<DB>,
  input: ReportInput,
  photos: { name: string; bytes: Uint8Array }[],
): Promise<{ ticket: string; id: string }> {
  // The form's random key, stored apart from every platform's and regulator's keys (decision 059).
  const submissionKey = storedSubmissionKey("consumer", input.submissionKey);
  const already = async () =>
    submissionKey
      ? db
          .selectFrom("report")
          .select(["ticket", "id"])
          .where("submission_key", "=", submissionKey)
          .where("kind", "=", "consumer")
          .executeTakeFirst()
      : undefined;
  const first = await already();
  if (first) return first;
  if (photos.length > MAX_REPORT_PHOTOS) throw new DomainError("report.tooManyPhotos", { field: "photos" });
  const parsed = parseCode(input.codeInput);
  let code: Uint8Array | null = null;
  let markId: string | null = null;
  let enterpriseId: string | null = null;
  let divisionCode: string | null = null;
  if (parsed.ok) {
    code = parsed.bytes;
    const known = await db
      .selectFrom("label")
      .innerJoin("label_order", "label_order.id", "label.order_id")
      .innerJoin("authorization", "authorization.id", "label_order.authorization_id")
      .select(["label.mark_id", "label_order.enterprise_id", "authorization.township_code"])
      .where("label.code", "=", parsed.bytes)
      .executeTakeFirst();
    if (known) ({ mark_id: markId, enterprise_id: enterpriseId, township_code: divisionCode } = known);
  }
  if (!divisionCode) {
    const mark =
      input.markId && isUuid(input.markId)
        ? await db.selectFrom("mark").select(["id", "division_code"]).where("id", "=", input.markId).executeTakeFirst()
        : undefined;
    if (!mark) throw new DomainError("report.markRequired", { field: "markId" });
    markId = mark.id;
    divisionCode = mark.division_code;
  }

  for (let attempt = 0; ; attempt++) {
    try {
      return await transactionWithDocuments(db, async (trx, documents) => {
        const report = await trx
          .insertInto("report")
          .values({
            ticket: newTicket(),
            submission_key: submissionKey,
            code,
            code_input: (parsed.ok ? parsed.code : parsed.normalized).slice(0, 64),
            mark_id: markId,
            enterprise_id: enterpriseId,
            division_code: divisionCode!,
            problem: input.problem,
            description: input.description,
            place_kind: input.placeKind,
            place: input.place,
            contact: input.contact ?? null,
            contact_lang: input.lang ?? DEFAULT_LANG,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        await storeReportPhotos(trx, documents, report.id, photos, { actor: PUBLIC_ACTOR, field: "photos" });
        await trx
          .insertInto("report_event")
          .values({ report_id: report.id, action: "receive", from_status: null, to_status: "received" })
          .execute();
        // The audit entry names what was reported, never the reporter's contact details.
        await recordAudit(trx, PUBLIC_ACTOR, {
          action: "report.file",
          entityType: "report",
          entityId: report.id,
          after: {
            ticket: report.ticket,
            code: report.code_input,
            problem: report.problem,
            division: report.division_code,
            photos: photos.length,
          },
        });
        await reportFiled(trx, report);
        return report;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        const same = await already(); // the other click of a double click got there first
        if (same) return same;
        if (attempt < 3) continue; // a ticket collision: draw again
        throw new DomainError("report.submissionKeyTaken", { field: "submissionKey", status: 409 });
      }
      throw error;
    }
  }
}

/** What anyone holding the ticket may see: progress only, nothing about the reporter. */
export async function reportStatus(db: Kysely<DB>, ticket: string) {
  return db
    .selectFrom("report")
    .select(["ticket", "status", "outcome", "created_at", "updated_at"])
    .where("ticket", "=", normalizeTicket(ticket))
    .executeTakeFirst();
}

/**
 * The ticket of a listing this user filed, or null: the notice after filing a listing for another
 * county's competence names only a ticket that exists and is the user's own, never text from a URL.
 */
export async function ticketFiledBy(db: Kysely<DB>, user: SessionUser, ticket: string | null): Promise<string | null> {
  if (!ticket || ticket.length > 40) return null;
  const row = await db
    .selectFrom("report")
    .innerJoin("listing_report as l", "l.report_id", "report.id")
    .select("report.ticket")
    .where("report.ticket", "=", ticket)
    .where("l.filed_by_user_id", "=", user.id)
    .executeTakeFirst();
  return row?.ticket ?? null;
}
