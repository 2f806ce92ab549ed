import { sql, type Kysely } from "kysely";
import { z } from "zod";
import type { CreditList, DB } from "#db/schema.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { raiseFlagIn } from "#app/authorization/flags.server.ts";
import { divisionPattern } from "#app/accounts/scope.server.ts";
import { parseUscc } from "#app/enterprise/uscc.ts";
import { usccField } from "#app/enterprise/uscc-field.ts";
import { field } from "#app/forms/form.ts";
import { DomainError } from "#app/errors.ts";

import { CREDIT_LISTS } from "./credit-lists.ts";

export interface CreditEntry {
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
  decidedOn: field.date(),
  authority: field.text(100),
  documentNo: field.text(100),
  reason: field.text(1000),
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

/** CSV lines `uscc,list,decidedOn,authority,documentNo,reason` (a header line is skipped); all or nothing. */
export function parseCreditCsv(text: string): CreditEntry[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const entries: CreditEntry[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim() || (i === 0 && /^\s*uscc\s*,/i.test(line))) continue;
    const cells = splitCsvLine(line);
    const raw = Object.fromEntries(CSV_COLUMNS.map((c, j) => [c, cells[j] ?? ""]));
    const checked = checkCreditEntry(raw);
    if (!checked.ok)
      throw new DomainError("credit.badLine", { field: "csv", params: { line: i + 1, column: checked.field } });
    entries.push(checked.entry);
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

/**
 * Records entries (by hand or imported) in one transaction: each linked to the enterprise with that
 * credit code if it is registered, each in force authorization of it flagged for review, one audit
 * entry per new record. An entry already recorded (same code, list and document number) is skipped.
 */
export async function recordCreditEvents(
  db: Kysely<DB>,
  user: SessionUser,
  entries: CreditEntry[],
  source: "manual" | "import",
) {
  if (user.role !== "regulator" && user.role !== "admin")
    throw new DomainError("error.forbidden.text", { status: 403 });
  return db.transaction().execute(async (trx) => {
    let added = 0;
    let flagged = 0;
    for (const e of entries) {
      const enterprise = await trx.selectFrom("enterprise").select("id").where("uscc", "=", e.uscc).executeTakeFirst();
      const row = await trx
        .insertInto("credit_event")
        .values({
          uscc: e.uscc,
          enterprise_id: enterprise?.id ?? null,
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
      await recordAudit(trx, actorOf(user), {
        action: "credit.record",
        entityType: "credit_event",
        entityId: row.id,
        after: { ...e, source },
      });
      if (!enterprise) continue;
      const authorizations = await trx
        .selectFrom("authorization")
        .select(["id", "enterprise_id", "township_code"])
        .where("enterprise_id", "=", enterprise.id)
        .where("status", "in", ["submitted", "accepted", "reviewed", "approved", "active", "rectifying"])
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
    return { added, skipped: entries.length - added, flagged };
  });
}

/** A regulator sees entries whose credit code was issued in their division (positions 3–8). */
export async function listCreditEvents(db: Kysely<DB>, user: SessionUser, limit = 500) {
  let q = db
    .selectFrom("credit_event")
    .leftJoin("enterprise", "enterprise.id", "credit_event.enterprise_id")
    .selectAll("credit_event")
    .select("enterprise.name as enterprise_name");
  if (user.role === "regulator")
    q = q.where(sql<string>`substr(credit_event.uscc, 3, 6)`, "like", divisionPattern(user));
  else if (user.role !== "admin") return [];
  return q.orderBy("credit_event.decided_on", "desc").orderBy("credit_event.created_at", "desc").limit(limit).execute();
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
