import { createHash } from "node:crypto";
import { hasRolePermission } from "#app/accounts/role-permissions.ts";
import { sql, type Kysely } from "kysely";
import type { AuthorizationRoute, DB, ExitReason } from "#db/schema.ts";
import {
  coversDivision,
  divisionWithinReachOf,
  enterpriseVisibleTo,
  markSupervisedBy,
} from "#app/accounts/scope.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { parseUscc } from "#app/enterprise/uscc.ts";
import { DomainError } from "#app/errors.ts";
import type { MessageKey, Params } from "#app/i18n/i18n.ts";
import { readTable } from "#app/spreadsheet/read-table.server.ts";
import { shanghaiDate } from "#app/calendar/working-days.ts";
import {
  EXITED,
  HEADER_WORDS,
  REQUIRED_COLUMNS,
  cellText,
  findHeader,
  parseDateCell,
  parseExitReason,
  parseRoute,
  parseStatus,
  routeOfMarkKind,
  type ImportColumn,
  type ImportStatus,
} from "./columns.ts";

/** Rows one file may hold (a county's register is a few hundred; a province's a few thousand). */
export const MAX_IMPORT_ROWS = 20_000;

export interface ImportIssue {
  /** The row as the spreadsheet numbers it (1 = the first line of the file). */
  row: number;
  /** The column's header as written in the file ("" when the whole file is concerned). */
  column: string;
  key: MessageKey;
  params?: Params;
}

export interface PlannedRow {
  row: number;
  enterpriseName: string;
  uscc: string;
  /** The enterprise already registered under this credit code, if any. */
  existingEnterprise: string | null;
  markId: string;
  markName: string;
  route: AuthorizationRoute;
  townshipCode: string;
  townshipName: string;
  status: ImportStatus;
  activeFrom: string;
  exitedOn: string | null;
  exitReason: ExitReason | null;
  approvalNo: string;
  announcementNo: string;
  contactName: string;
  contactPhone: string;
  products: string;
  /** create: a new authorization with its history; unchanged: it is in the register already. */
  outcome: "create" | "unchanged";
}

export interface ImportPlan {
  fileName: string;
  sha256: string;
  rows: PlannedRow[];
  issues: ImportIssue[];
  /** This very file was imported before: nothing will change. */
  alreadyImported: { at: Date; by: string } | { at: null; by: null } | null;
  counts: { rows: number; create: number; unchanged: number; newEnterprises: number; matchedEnterprises: number };
}

export function mayImport(user: SessionUser): boolean {
  return hasRolePermission(user, "register.import");
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const normalizeName = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

/**
 * The dry run: reads the file (CSV or .xlsx), checks every row and says what an import would do.
 * Writes nothing.
 */
export async function planImport(
  db: Kysely<DB>,
  user: SessionUser,
  file: { name: string; bytes: Uint8Array },
): Promise<ImportPlan> {
  if (!mayImport(user)) throw new DomainError("import.forbidden", { status: 403 });
  const sha256 = sha256Hex(file.bytes);
  const plan: ImportPlan = {
    fileName: file.name,
    sha256,
    rows: [],
    issues: [],
    alreadyImported: null,
    counts: { rows: 0, create: 0, unchanged: 0, newEnterprises: 0, matchedEnterprises: 0 },
  };
  const earlier = await db
    .selectFrom("register_import")
    .innerJoin("app_user", "app_user.id", "register_import.imported_by")
    .select(["register_import.imported_at", "app_user.display_name", "app_user.id", "app_user.division_code"])
    .where("sha256", "=", sha256)
    .executeTakeFirst();
  if (earlier) {
    // A file is imported once, ever; who imported it, and when, is said only to someone who could
    // see that importer's register (another county's imports are its own business).
    // (coversDivision answers yes for an administrator.)
    const ours = earlier.id === user.id || coversDivision(user, earlier.division_code ?? "");
    plan.alreadyImported = ours ? { at: earlier.imported_at, by: earlier.display_name } : { at: null, by: null };
    return plan;
  }
  const read = await readTable(file.bytes);
  if (!read.ok) return fileIssue(plan, read.problem === "empty" ? "import.err.empty" : "import.err.unreadable");
  const header = findHeader(read.rows);
  if (!header) return fileIssue(plan, "import.err.noHeader");
  const missing = REQUIRED_COLUMNS.filter((c) => !header.columns.has(c));
  if (missing.length)
    return fileIssue(plan, "import.err.missingColumns", {
      columns: missing.map((c) => HEADER_WORDS[c][0]).join("、"),
    });
  const body = read.rows
    .map((cells, i) => ({ cells, row: i + 1 }))
    .slice(header.row + 1)
    .filter(({ cells }) => cells.some((c) => cellText(c) !== ""));
  if (!body.length) return fileIssue(plan, "import.err.empty");
  if (body.length > MAX_IMPORT_ROWS) return fileIssue(plan, "import.err.tooMany", { max: MAX_IMPORT_ROWS });

  const name = (column: ImportColumn) => header.names[header.columns.get(column)!] ?? "";
  const get = (cells: (typeof body)[number]["cells"], column: ImportColumn) => {
    const at = header.columns.get(column);
    return at === undefined ? undefined : cells[at];
  };
  const text = (cells: (typeof body)[number]["cells"], column: ImportColumn) => cellText(get(cells, column));

  // Everything the rows refer to, each read once: marks (and which the caller supervises), the
  // townships named, the enterprises and authorizations that exist already.
  const allMarks = await db.selectFrom("mark").select(["id", "name", "slug", "kind"]).execute();
  const supervised = new Set(
    (await db.selectFrom("mark").select("id").where(markSupervisedBy(user)).execute()).map((m) => m.id),
  );
  const markByWord = new Map<string, (typeof allMarks)[number]>();
  for (const m of allMarks) {
    markByWord.set(normalizeName(m.name), m);
    markByWord.set(normalizeName(m.slug), m);
  }
  // A township by its name as written, or by its code (full-width digits folded).
  const townOf = (cells: (typeof body)[number]["cells"]) => {
    const word = text(cells, "township");
    const folded = word.normalize("NFKC");
    return /^\d+$/.test(folded) ? folded : word;
  };
  const townWords = [...new Set(body.map(({ cells }) => townOf(cells)).filter(Boolean))];
  const towns = townWords.length
    ? await db
        .selectFrom("division")
        .leftJoin("mark_area", "mark_area.division_code", "division.code")
        .select(["division.code", "division.name", "division.level", "mark_area.mark_id"])
        .where((eb) => eb.or([eb("division.code", "in", townWords), eb("division.name", "in", townWords)]))
        .execute()
    : [];
  const reachable = new Set(
    townWords.length
      ? (
          await db
            .selectFrom("division")
            .select("code")
            .where((eb) => eb.or([eb("division.code", "in", townWords), eb("division.name", "in", townWords)]))
            .where(divisionWithinReachOf(user))
            .execute()
        ).map((d) => d.code)
      : [],
  );
  const usccs = [
    ...new Set(body.map(({ cells }) => parseUscc(text(cells, "uscc"))).flatMap((u) => (u.ok ? [u.code] : []))),
  ];
  const enterprises = new Map<string, { id: string; name: string; visible: boolean }>();
  const existing = new Set<string>();
  for (let i = 0; i < usccs.length; i += 5000) {
    const chunk = usccs.slice(i, i + 5000);
    // Each existing enterprise, and whether the importer can already see it, in one read.
    for (const e of await db
      .selectFrom("enterprise")
      .select(["id", "uscc", "name"])
      .select((eb) => sql<boolean>`${enterpriseVisibleTo(user)(eb)}`.as("visible"))
      .where("uscc", "in", chunk)
      .execute())
      enterprises.set(e.uscc, { id: e.id, name: e.name, visible: e.visible });
    const held = await db
      .selectFrom("authorization")
      .innerJoin("enterprise", "enterprise.id", "authorization.enterprise_id")
      .select(["enterprise.uscc", "authorization.mark_id", "authorization.route"])
      .where("enterprise.uscc", "in", chunk)
      .execute();
    for (const a of held) existing.add(`${a.uscc}|${a.mark_id}|${a.route}`);
  }

  const today = shanghaiDate();
  const seen = new Map<string, number>();
  const newUsccs = new Set<string>();
  const matchedUsccs = new Set<string>();
  for (const { cells, row } of body) {
    const issues: ImportIssue[] = [];
    const fail = (column: ImportColumn, key: MessageKey, params?: Params) =>
      issues.push({ row, column: name(column), key, params });

    const enterpriseName = text(cells, "enterpriseName");
    if (enterpriseName.length < 2 || enterpriseName.length > 200) fail("enterpriseName", "import.err.enterpriseName");
    const uscc = parseUscc(text(cells, "uscc"));
    if (!uscc.ok)
      fail("uscc", `uscc.${uscc.problem}` as MessageKey, {
        position: uscc.position ?? 0,
        length: uscc.code.length,
      });
    // An enterprise already on the register elsewhere is not attached to this division by a
    // spreadsheet (that would hand over its particulars and its pending requests): it applies itself.
    else if (enterprises.get(uscc.code)?.visible === false) fail("uscc", "import.err.enterpriseElsewhere");

    const markWord = text(cells, "mark");
    const mark = markByWord.get(normalizeName(markWord));
    if (!markWord) fail("mark", "import.err.required");
    else if (!mark) fail("mark", "import.err.mark", { value: markWord });
    else if (!supervised.has(mark.id)) fail("mark", "import.err.markOutOfReach", { value: mark.name });

    const routeWord = text(cells, "route");
    const route = routeWord ? parseRoute(routeWord) : mark ? routeOfMarkKind(mark.kind) : null;
    if (routeWord && !route) fail("route", "import.err.route", { value: routeWord });
    else if (!route && mark) fail(header.columns.has("route") ? "route" : "mark", "import.err.routeNeeded");

    const townWord = townOf(cells);
    const candidates = towns.filter((d) => d.code === townWord || d.name === townWord);
    // By name or by code, a township of the mark's protection area (never a county or another mark's township).
    const town = candidates.find((d) => mark && d.mark_id === mark.id && d.level === "township");
    if (!townWord) fail("township", "import.err.required");
    else if (!town) fail("township", "import.err.township", { value: townWord, mark: mark?.name ?? "" });
    else if (!reachable.has(town.code)) fail("township", "import.err.townshipOutOfReach", { value: town.name });

    const statusWord = text(cells, "status");
    const status = parseStatus(statusWord);
    if (!statusWord) fail("status", "import.err.required");
    else if (!status) fail("status", "import.err.status", { value: statusWord });

    const date = (column: ImportColumn) => {
      const value = parseDateCell(get(cells, column));
      if (value === "bad") fail(column, "import.err.date", { value: text(cells, column) });
      else if (value && value > today) fail(column, "import.err.future", { value });
      return value === "bad" ? null : value;
    };
    const approvalDate = date("approvalDate");
    const announcementDate = date("announcementDate");
    const exitedOn = date("exitDate");
    const activeFrom = announcementDate ?? approvalDate;
    if (!activeFrom && !issues.some((i) => i.column === name("approvalDate") || i.column === name("announcementDate")))
      fail(header.columns.has("announcementDate") ? "announcementDate" : "approvalDate", "import.err.entryDate");
    const exiting = status !== null && (EXITED.includes(status) || status === "suspended");
    if (exiting && !exitedOn && !issues.some((i) => i.column === name("exitDate")))
      fail(header.columns.has("exitDate") ? "exitDate" : "status", "import.err.exitDate");
    if (!exiting && exitedOn) fail("exitDate", "import.err.exitDateActive");
    if (activeFrom && exitedOn && exitedOn < activeFrom)
      fail("exitDate", "import.err.exitBeforeEntry", { entry: activeFrom });
    const reasonWord = text(cells, "exitReason");
    let exitReason: ExitReason | null = reasonWord ? parseExitReason(reasonWord) : null;
    if (reasonWord && !exitReason) fail("exitReason", "import.err.exitReason", { value: reasonWord });
    if (!reasonWord && status === "withdrawn") exitReason = "voluntary";
    if (!reasonWord && status === "expired") exitReason = "licence_expired";
    if (!exitReason && status === "cancelled" && !reasonWord)
      fail(header.columns.has("exitReason") ? "exitReason" : "status", "import.err.exitReasonNeeded");

    if (uscc.ok && mark && route) {
      const key = `${uscc.code}|${mark.id}|${route}`;
      const first = seen.get(key);
      if (first !== undefined) fail("uscc", "import.err.duplicate", { row: first });
      else seen.set(key, row);
    }
    plan.issues.push(...issues);
    if (issues.length || !uscc.ok || !mark || !route || !town || !status || !activeFrom) continue;
    const known = enterprises.get(uscc.code);
    const outcome = existing.has(`${uscc.code}|${mark.id}|${route}`) ? "unchanged" : "create";
    (known ? matchedUsccs : newUsccs).add(uscc.code);
    plan.rows.push({
      row,
      enterpriseName,
      uscc: uscc.code,
      existingEnterprise: known?.name ?? null,
      markId: mark.id,
      markName: mark.name,
      route,
      townshipCode: town.code,
      townshipName: town.name,
      status,
      activeFrom,
      exitedOn: exiting ? exitedOn : null,
      exitReason: EXITED.includes(status) ? exitReason : null,
      approvalNo: text(cells, "approvalNo"),
      announcementNo: text(cells, "announcementNo"),
      contactName: text(cells, "contactName"),
      contactPhone: text(cells, "contactPhone"),
      products: text(cells, "products"),
      outcome,
    });
  }
  plan.counts = {
    rows: body.length,
    create: plan.rows.filter((r) => r.outcome === "create").length,
    unchanged: plan.rows.filter((r) => r.outcome === "unchanged").length,
    newEnterprises: newUsccs.size,
    matchedEnterprises: matchedUsccs.size,
  };
  return plan;
}

function fileIssue(plan: ImportPlan, key: MessageKey, params?: Params): ImportPlan {
  plan.issues.push({ row: 0, column: "", key, params });
  return plan;
}
