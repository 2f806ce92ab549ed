import { sql, type Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { jsonb } from "#db/json.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { actorOf } from "#app/accounts/users.server.ts";
import { recordAudit } from "#app/audit/audit.server.ts";
import type { ImportStatus } from "./columns.ts";
import { planImport, type ImportPlan, type PlannedRow } from "./register-import.server.ts";

// Confirming a register import: the previewed plan, checked again, written all or nothing.

export type ImportResult =
  | { outcome: "imported"; importId: string; plan: ImportPlan }
  | { outcome: "already"; plan: ImportPlan }
  | { outcome: "refused"; plan: ImportPlan }
  | { outcome: "notPreviewed"; plan: ImportPlan };

const EXIT_ACTION: Record<ImportStatus, string> = {
  active: "activate",
  suspended: "suspend",
  cancelled: "cancel",
  withdrawn: "withdraw",
  expired: "expire",
};

/**
 * Imports the file the user previewed (its SHA-256 must be the one the preview showed), checked
 * again against the register as it is now; all or nothing, in one transaction with its audit
 * entry. The same file a second time changes nothing; so does a row already in the register.
 */
export async function confirmImport(
  db: Kysely<DB>,
  user: SessionUser,
  file: { name: string; bytes: Uint8Array },
  previewedSha256: string,
): Promise<ImportResult> {
  const plan = await planImport(db, user, file);
  if (plan.sha256 !== previewedSha256) return { outcome: "notPreviewed", plan };
  if (plan.alreadyImported) return { outcome: "already", plan };
  if (plan.issues.length) return { outcome: "refused", plan };
  const summary = { fileName: file.name, sha256: plan.sha256, ...plan.counts };
  try {
    const importId = await db.transaction().execute(async (trx) => {
      const imported = await trx
        .insertInto("register_import")
        .values({
          file_name: file.name.slice(0, 255),
          sha256: plan.sha256,
          size_bytes: file.bytes.length,
          content: file.bytes,
          imported_by: user.id,
          summary: jsonb(summary),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const creating = plan.rows.filter((r) => r.outcome === "create");
      if (creating.length) await applyRows(trx, user, imported.id, plan, creating);
      await recordAudit(trx, actorOf(user), {
        action: "register.import",
        entityType: "register_import",
        entityId: imported.id,
        after: summary,
      });
      return imported.id;
    });
    return { outcome: "imported", importId, plan };
  } catch (error) {
    // Two confirmations of one file at once: the second finds the first's row.
    if (/register_import_sha256_key|unique/i.test(String((error as Error).message))) {
      return { outcome: "already", plan: await planImport(db, user, file) };
    }
    throw error;
  }
}

/** Enterprises, authorizations and their dated events, each a single set-based statement. */
async function applyRows(trx: Kysely<DB>, user: SessionUser, importId: string, plan: ImportPlan, rows: PlannedRow[]) {
  const source = `${plan.fileName} · SHA-256 ${plan.sha256.slice(0, 12)}`;
  const records = rows.map((r) => ({
    row: r.row,
    uscc: r.uscc,
    name: r.enterpriseName,
    township: r.townshipCode,
    contact_name: r.contactName || null,
    contact_phone: r.contactPhone || null,
    mark_id: r.markId,
    route: r.route,
    status: r.status,
    products: r.products,
    active_from: r.activeFrom,
    exited_on: r.exitedOn,
    exit_reason: r.exitReason,
    document_ref: [r.approvalNo, r.announcementNo].filter(Boolean).join(" / ") || null,
    exit_action: r.status === "active" ? null : EXIT_ACTION[r.status],
  }));
  // The rows as a temporary table the planner knows the size of (a function scan is guessed at 100
  // rows, and joins against it went quadratic), dropped at commit.
  await sql`create temporary table import_row on commit drop as
    select * from jsonb_to_recordset(${JSON.stringify(records)}::text::jsonb) as r(
      "row" int, uscc text, name text, township text, contact_name text, contact_phone text,
      mark_id uuid, route text, status text, products text, active_from date, exited_on date,
      exit_reason text, document_ref text, exit_action text)`.execute(trx);
  await sql`alter table import_row add primary key ("row")`.execute(trx);
  await sql`analyze import_row`.execute(trx);
  // A credit code listed twice (two marks) creates its enterprise once, from its first row.
  await sql`insert into enterprise (uscc, name, division_code, contact_name, contact_phone)
    select distinct on (uscc) uscc, name, township, contact_name, contact_phone
    from import_row order by uscc, "row"
    on conflict (uscc) do nothing`.execute(trx);
  await sql`create temporary table imported_authorization (row_no int primary key, id uuid not null) on commit drop`.execute(
    trx,
  );
  await sql`with created as (
      insert into "authorization" (enterprise_id, mark_id, route, status, township_code, products, annual_output,
        label_manager_name, label_manager_phone, active_from, exited_on, exit_reason)
      select e.id, r.mark_id, r.route, r.status, r.township, r.products, '', coalesce(r.contact_name, ''),
        coalesce(r.contact_phone, ''), r.active_from, r.exited_on, r.exit_reason
      from import_row r join enterprise e on e.uscc = r.uscc
      order by r."row"
      returning id, enterprise_id, mark_id, route
    )
    insert into imported_authorization (row_no, id)
    select r."row", c.id from created c join enterprise e on e.id = c.enterprise_id
      join import_row r on r.uscc = e.uscc and r.mark_id = c.mark_id and r.route = c.route`.execute(trx);
  const snapshot = sql`jsonb_build_object('import', ${source}::text, 'row', r."row", 'status', r.status)`;
  await sql`insert into authorization_event (authorization_id, effective_on, actor_user_id, action, from_status,
      to_status, comment, document_ref, snapshot, import_id)
    select ia.id, r.active_from, ${user.id}::uuid, 'activate', null, 'active', ${source}::text, r.document_ref,
      ${snapshot}, ${importId}::uuid
    from import_row r join imported_authorization ia on ia.row_no = r."row"
    union all
    select ia.id, r.exited_on, ${user.id}::uuid, r.exit_action, 'active', r.status, ${source}::text, r.document_ref,
      ${snapshot}, ${importId}::uuid
    from import_row r join imported_authorization ia on ia.row_no = r."row"
    where r.exit_action is not null
    order by 2, 1`.execute(trx);
}
