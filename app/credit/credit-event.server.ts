import type { Kysely } from "kysely";
import { z } from "zod";
import type { CreditList, DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { raiseFlagIn } from "#app/alert/flags.server.ts";
import { authorizationVisibleTo, creditEventVisibleTo, creditRecordableBy } from "#app/accounts/scope.server.ts";
import { parseUscc } from "#app/enterprise/uscc.ts";
import { usccField } from "#app/enterprise/uscc-field.ts";
import { field } from "#app/forms/form.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import { DomainError } from "#app/errors.ts";

import { CREDIT_LISTS } from "./credit-lists.ts";
import { translator } from "#app/i18n/i18n.ts";
import { requirePermission } from "#app/permission/permissions.ts";

/** A list as a CSV may name it: its code, or its name in either language (spaces and case forgiven). */
const LIST_BY_NAME = new Map(
  CREDIT_LISTS.flatMap((list) =>
    [list, translator("zh-CN")(`credit.list.${list}`), translator("en")(`credit.list.${list}`)].map(
      (name) => [name.normalize("NFKC").replace(/\s+/g, "").toLowerCase(), list] as const,
    ),
  ),
);
const listOf = (raw: string) => LIST_BY_NAME.get(raw.normalize("NFKC").replace(/\s+/g, "").toLowerCase()) ?? raw;

export interface CreditEntry {
  /** The line of the imported CSV it came from (none for one entered by hand). */
  line?: number;
  uscc: string;
  list: CreditList;
  decidedOn: string;
  authority: string;
  documentNo: string;
  reason: string;
}

/** One entry, as the form and each CSV line give it: the project's own credit-code and text fields. */
export const creditEntrySchema = z.object({
  uscc: usccField().transform((v) => parseUscc(v).code),
  list: z.enum(CREDIT_LISTS, { errorMap: () => ({ message: "form.required" }) }),
  // A decision already taken: not dated after today (Beijing), and within the years any date may have.
  decidedOn: field.date().refine((d) => d <= shanghaiDate(), "credit.decidedInFuture"),
  authority: field.text(100),
  documentNo: field.text(100),
  reason: field.paragraph(1000),
});

/** One CSV line checked; the first wrong column is named. */
export function checkCreditEntry(
  raw: Record<string, string>,
): { ok: true; entry: CreditEntry } | { ok: false; field: string } {
  const parsed = creditEntrySchema.safeParse(raw);
  if (!parsed.success) return { ok: false, field: String(parsed.error.issues[0]?.path[0] ?? "uscc") };
  return { ok: true, entry: parsed.data };
}

const CSV_COLUMNS = ["uscc", "list", "decidedOn", "authority", "documentNo", "reason"] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

/** CSV lines `uscc,list,decidedOn,authority,documentNo,reason` (a header line is skipped); all or nothing. */
export function parseCreditCsv(text: string): CreditEntry[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const entries: CreditEntry[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim() || (i === 0 && /^\s*uscc\s*,/i.test(line))) continue;
    const cells = splitCsvLine(line);
    const raw = Object.fromEntries(CSV_COLUMNS.map((c, j) => [c, cells[j] ?? ""]));
    raw.list = listOf(raw.list ?? "");
    const checked = checkCreditEntry(raw);
    if (!checked.ok) {
      const column = (CSV_COLUMNS as readonly string[]).includes(checked.field) ? (checked.field as CsvColumn) : "uscc";
      throw new DomainError(`credit.badLine.${column}`, { field: "csv", params: { line: i + 1 } });
    }
    entries.push({ ...checked.entry, line: i + 1 });
  }
  if (!entries.length) throw new DomainError("credit.empty", { field: "csv" });
  if (entries.length > 5000) throw new DomainError("credit.tooMany", { field: "csv", params: { max: 5000 } });
  return entries;
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === "," && !quoted) {
      cells.push(cell);
      cell = "";
    } else {
      cell += c;
    }
  }
  cells.push(cell);
  return cells;
}

/** Why an entry was not recorded: the caller is not competent for the enterprise, or none has that code. */
export type CreditRefusal = { line: number | null; uscc: string; reason: "unregistered" | "notCompetent" };

const PENDING_OR_IN_FORCE = ["submitted", "accepted", "reviewed", "approved", "active", "rectifying"] as const;

/**
 * Records entries (by hand or imported) in one transaction, each linked to the enterprise with that
 * credit code, one audit entry per new record. A regulator records only for enterprises with an
 * authorization in its division, and flags for review only those of their authorizations it is
 * competent for; other rows are refused and listed with the reason (decision 015). An entry already
 * recorded (same code, list and document number) is skipped.
 */
export async function recordCreditEvents(
  db: Kysely<DB>,
  user: SessionUser,
  entries: CreditEntry[],
  source: "manual" | "import",
) {
  requirePermission(user, "credit.record", null);
  const codes = [...new Set(entries.map((e) => e.uscc))];
  const enterprises = new Map(
    (
      await db
        .selectFrom("enterprise")
        .select((eb) => ["enterprise.id", "enterprise.uscc", eb.and([creditRecordableBy(user)(eb)]).as("recordable")])
        .where("enterprise.uscc", "in", codes)
        .execute()
    ).map((e) => [e.uscc, { id: e.id, recordable: Boolean(e.recordable) }]),
  );
  const refused: CreditRefusal[] = [];
  const accepted: (CreditEntry & { enterpriseId: string | null })[] = [];
  for (const e of entries) {
    const enterprise = enterprises.get(e.uscc);
    if (user.role === "admin") accepted.push({ ...e, enterpriseId: enterprise?.id ?? null });
    else if (!enterprise) refused.push({ line: e.line ?? null, uscc: e.uscc, reason: "unregistered" });
    else if (!enterprise.recordable) refused.push({ line: e.line ?? null, uscc: e.uscc, reason: "notCompetent" });
    else accepted.push({ ...e, enterpriseId: enterprise.id });
  }
  const result = await db.transaction().execute(async (trx) => {
    let added = 0;
    let flagged = 0;
    for (const e of accepted) {
      const row = await trx
        .insertInto("credit_event")
        .values({
          uscc: e.uscc,
          enterprise_id: e.enterpriseId,
          list: e.list,
          decided_on: e.decidedOn,
          authority: e.authority,
          document_no: e.documentNo,
          reason: e.reason,
          source,
          created_by: user.id,
        })
        .onConflict((oc) => oc.columns(["uscc", "list", "document_no"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!row) continue;
      added += 1;
      const { line: _line, enterpriseId: _id, ...recorded } = e;
      await recordAudit(trx, actorOf(user), {
        action: "credit.record",
        entityType: "credit_event",
        entityId: row.id,
        after: { ...recorded, source },
      });
      if (!e.enterpriseId) continue;
      const authorizations = await trx
        .selectFrom("authorization")
        .select(["id", "enterprise_id", "township_code"])
        .where("enterprise_id", "=", e.enterpriseId)
        .where("status", "in", PENDING_OR_IN_FORCE)
        .where(authorizationVisibleTo(user))
        .execute();
      for (const a of authorizations)
        if (
          await raiseFlagIn(trx, actorOf(user), "credit_event", a, {
            list: e.list,
            documentNo: e.documentNo,
            decidedOn: e.decidedOn,
          })
        )
          flagged += 1;
    }
    return { added, skipped: accepted.length - added, flagged };
  });
  return { ...result, refused };
}

/** Entries the caller may read (creditEventVisibleTo), newest decision first. */
export async function listCreditEvents(db: Kysely<DB>, user: SessionUser, limit = 500) {
  return db
    .selectFrom("credit_event")
    .leftJoin("enterprise", "enterprise.id", "credit_event.enterprise_id")
    .selectAll("credit_event")
    .select("enterprise.name as enterprise_name")
    .where(creditEventVisibleTo(user))
    .orderBy("credit_event.decided_on", "desc")
    .orderBy("credit_event.created_at", "desc")
    .limit(limit)
    .execute();
}

/** What a reviewer sees about an enterprise: its entries on every list, newest first. */
export async function creditEventsOf(db: Kysely<DB>, enterprise: { id: string; uscc: string }) {
  return db
    .selectFrom("credit_event")
    .select(["id", "list", "decided_on", "authority", "document_no", "reason"])
    .where((eb) => eb.or([eb("enterprise_id", "=", enterprise.id), eb("uscc", "=", enterprise.uscc)]))
    .orderBy("decided_on", "desc")
    .execute();
}
