import type { AuthorizationRoute, ExitReason } from "#db/schema.ts";
import type { RawCell } from "#app/spreadsheet/read-table.server.ts";

/**
 * The columns of a register import, the words counties use for them, and how a cell becomes a
 * value. Spreadsheets kept by hand are messy: full-width digits and letters, spaces around
 * everything, dates as 2024-03-05, 2024/3/5, 2024年3月5日, Excel date cells or their serial
 * numbers, a title row above the header and headers merged over two rows.
 */
export const IMPORT_COLUMNS = [
  "enterpriseName",
  "uscc",
  "mark",
  "route",
  "township",
  "approvalNo",
  "approvalDate",
  "announcementNo",
  "announcementDate",
  "status",
  "exitDate",
  "exitReason",
  "contactName",
  "contactPhone",
  "products",
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly ImportColumn[] = ["enterpriseName", "uscc", "mark", "township", "status"];

/** Header words per column (compared after `normalizeHeader`); the template uses the first. */
export const HEADER_WORDS: Record<ImportColumn, string[]> = {
  enterpriseName: ["企业名称", "单位名称", "使用人名称", "合法使用人", "企业", "enterprise name", "enterprise"],
  uscc: ["统一社会信用代码", "社会信用代码", "信用代码", "uscc", "credit code"],
  mark: ["地理标志", "地理标志名称", "标志名称", "mark"],
  route: ["使用途径", "途径", "类别", "route", "legal route"],
  township: ["生产地乡镇", "乡镇", "所在乡镇", "生产地", "乡镇代码", "township"],
  approvalNo: ["批准文号", "核准文号", "批准编号", "approval number", "approval no"],
  approvalDate: ["批准日期", "核准日期", "approval date"],
  announcementNo: ["公告编号", "公告号", "公告文号", "announcement number", "announcement no"],
  announcementDate: ["公告日期", "announcement date"],
  status: ["当前状态", "状态", "status"],
  exitDate: ["退出日期", "注销日期", "exit date"],
  exitReason: ["退出原因", "注销原因", "exit reason"],
  contactName: ["联系人", "contact", "contact name"],
  contactPhone: ["联系电话", "电话", "手机", "phone", "contact phone"],
  products: ["使用产品", "产品", "products"],
};

/** Full-width to half-width (NFKC), no spaces of any kind, lower case, no * or ： around it. */
export function normalizeHeader(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[\s\u3000*:：()（）]/g, "")
    .toLowerCase();
}

const WORD_TO_COLUMN = new Map<string, ImportColumn>();
for (const column of IMPORT_COLUMNS)
  for (const word of HEADER_WORDS[column]) WORD_TO_COLUMN.set(normalizeHeader(word), column);

export function columnOf(header: string): ImportColumn | null {
  return WORD_TO_COLUMN.get(normalizeHeader(header)) ?? null;
}

export function cellText(cell: RawCell | undefined): string {
  if (cell === null || cell === undefined) return "";
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  // Names keep their full-width （） and ，: only codes, dates and keywords are folded (NFKC) where read.
  return String(cell)
    .replace(/[\u200b\ufeff]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export interface HeaderMap {
  /** 0-based index of the header's (last) row. */
  row: number;
  columns: Map<ImportColumn, number>;
  /** The header as written in the file, per column index, for messages. */
  names: string[];
}

/**
 * Finds the header: of the first ten rows, the one where most cells name a column, reading a
 * cell together with the one above it when the upper one is a merged group title
 * ("批准" over "文号" and "日期").
 */
export function findHeader(rows: readonly RawCell[][]): HeaderMap | null {
  let best: HeaderMap | null = null;
  for (let r = 0; r < Math.min(10, rows.length); r++) {
    const columns = new Map<ImportColumn, number>();
    const names: string[] = [];
    const width = rows[r]?.length ?? 0;
    for (let c = 0; c < width; c++) {
      const own = cellText(rows[r]![c]);
      const above = r > 0 ? cellText(rows[r - 1]![c]) : "";
      const column = columnOf(own) ?? (above && above !== own ? columnOf(above + own) : null);
      names[c] = column && !columnOf(own) ? above + own : own;
      if (column && !columns.has(column)) columns.set(column, c);
    }
    if (columns.size >= 3 && (!best || columns.size > best.columns.size)) best = { row: r, columns, names };
  }
  return best;
}

/** 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, 20240305, an Excel date or serial number. */
export function parseDateCell(cell: RawCell | undefined): string | null | "bad" {
  if (cell === null || cell === undefined || cell === "") return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? "bad" : cell.toISOString().slice(0, 10);
  if (typeof cell === "number") return excelSerial(cell);
  const text = cellText(cell).normalize("NFKC");
  if (!text) return null;
  if (/^\d{5}(\.\d+)?$/.test(text)) return excelSerial(Number(text));
  const m = text.match(/^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?|(\d{2})(\d{2}))$/);
  if (!m) return "bad";
  return validDate(Number(m[1]), Number(m[2] ?? m[4]), Number(m[3] ?? m[5]));
}

function excelSerial(n: number): string | "bad" {
  // Excel's day 1 is 1900-01-01 and it counts a 29 February 1900 that never was: day 0 = 1899-12-30.
  if (!Number.isFinite(n) || n < 1 || n > 2958465) return "bad";
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(n) * 86_400_000).toISOString().slice(0, 10);
}

function validDate(y: number, m: number, d: number): string | "bad" {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return "bad";
  return date.toISOString().slice(0, 10);
}

/** Statuses an imported authorization may have today. */
export const IMPORT_STATUSES = ["active", "suspended", "cancelled", "withdrawn", "expired"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const EXITED: readonly ImportStatus[] = ["cancelled", "withdrawn", "expired"];

const STATUS_WORDS: Record<ImportStatus, string[]> = {
  active: ["使用中", "有效", "正常", "在用", "合法使用", "active"],
  suspended: ["暂停使用", "暂停", "suspended"],
  cancelled: ["已注销", "注销", "撤销", "取消", "cancelled", "canceled", "revoked"],
  withdrawn: ["已撤回", "撤回", "主动退出", "withdrawn"],
  expired: ["已到期", "到期", "期满", "过期", "expired"],
};

const ROUTE_WORDS: Record<AuthorizationRoute, string[]> = {
  gi_product: ["地理标志保护产品批准", "地理标志保护产品", "保护产品", "gi_product", "gi product"],
  collective_member: ["集体商标成员", "集体商标", "collective_member", "collective mark"],
  certification_licensee: ["证明商标许可", "证明商标", "certification_licensee", "certification mark"],
};

const EXIT_WORDS: Record<ExitReason, string[]> = {
  non_conforming: ["生产不符合标准", "不符合标准", "non_conforming"],
  unused_24_months: ["连续24个月未使用", "连续两年未使用", "未使用", "unused_24_months"],
  licence_expired: ["许可期满", "许可到期", "licence_expired"],
  deregistered: ["企业注销", "注销登记", "deregistered"],
  voluntary: ["主动申请退出", "主动退出", "自愿退出", "voluntary"],
  violation: ["违规使用", "违规", "violation"],
  failed_inspection: ["抽查不合格", "检查不合格", "failed_inspection"],
};

function lookup<K extends string>(words: Record<K, string[]>, text: string): K | null {
  const key = normalizeHeader(text);
  for (const [value, list] of Object.entries(words) as [K, string[]][])
    if (list.some((w) => normalizeHeader(w) === key)) return value;
  return null;
}

export const parseStatus = (text: string) => lookup(STATUS_WORDS, text);
export const parseRoute = (text: string) => lookup(ROUTE_WORDS, text);
export const parseExitReason = (text: string) => lookup(EXIT_WORDS, text);

/** The route a mark's kind implies when the file leaves it out (a regional brand has none). */
export function routeOfMarkKind(kind: string): AuthorizationRoute | null {
  return kind === "gi_product"
    ? "gi_product"
    : kind === "collective_mark"
      ? "collective_member"
      : kind === "certification_mark"
        ? "certification_licensee"
        : null;
}
