import type { Kysely } from "kysely";
import type { DB, Role } from "#db/schema.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { listAccounts } from "#app/accounts/users.server.ts";
import { listAuthorizations } from "#app/authorization/queries.server.ts";
import { findMarkBySlug, registerOfMark } from "#app/authorization/register.server.ts";
import { listCreditEvents } from "#app/credit/credit-event.server.ts";
import { listVisibleEnterprises } from "#app/enterprise/enterprise.server.ts";
import { atBeijingTime, type Translate } from "#app/i18n/i18n.ts";
import { listCampaigns } from "#app/inspection/inspection.server.ts";
import { listAnnouncements } from "#app/authorization/announcement.server.ts";
import { listMarks } from "#app/mark/mark.server.ts";
import { manageableMarks } from "#app/mark/mark-admin.server.ts";
import { listOrders } from "#app/label/queries.server.ts";
import { reportQueue } from "#app/report/report-case.server.ts";
import { reportQueueFilter } from "#app/report/report-form.ts";
import { reportKindFilter } from "#app/report/listing-form.ts";

const MAX_ROWS = 50_000;

interface Table {
  header: string[];
  rows: unknown[][];
}

interface ListExport {
  /** Who may download it; "public" for lists the public pages show. */
  roles: readonly Role[] | "public";
  /** `origin` makes the links in public lists absolute, so they work from a spreadsheet. */
  build(
    db: Kysely<DB>,
    user: SessionUser | null,
    query: URLSearchParams,
    t: Translate,
    origin: string,
  ): Promise<Table | null>;
}

/**
 * Every list page's CSV (`/export/<list>`), built by the same domain call as the page, so it holds
 * exactly what the caller may see there; csvResponse makes every cell formula-safe.
 */
export const LIST_EXPORTS: Record<string, ListExport> = {
  enterprises: {
    roles: ["regulator", "admin"],
    async build(db, user, _q, t) {
      const rows = await listVisibleEnterprises(db, user!, MAX_ROWS);
      return {
        header: [
          t("enterprise.name"),
          t("enterprise.uscc"),
          t("enterprise.division"),
          atBeijingTime(t, "enterprise.registeredAt"),
        ],
        rows: rows.map((e) => [e.name, e.uscc, e.division_name, e.created_at]),
      };
    },
  },
  applications: {
    roles: ["regulator", "admin", "enterprise"],
    async build(db, user, q, t) {
      const rows = await listAuthorizations(db, user!, { open: q.get("open") === "1", limit: MAX_ROWS });
      return {
        header: [
          t("enterprise.name"),
          t("enterprise.uscc"),
          t("column.mark"),
          t("apply.route"),
          t("register.filterStatus"),
          t("authz.dueOn"),
          t("authz.since"),
          t("authz.exitedOn"),
          t("authz.overdue"),
        ],
        rows: rows.map((r) => [
          r.enterprise_name,
          r.uscc,
          r.mark_name,
          t(`route.${r.route}`),
          t(`status.${r.status}`),
          r.review_due_on,
          r.active_from,
          r.exited_on,
          r.overdue ? "⚠" : "",
        ]),
      };
    },
  },
  "label-orders": {
    roles: ["regulator", "admin", "enterprise", "printer"],
    async build(db, user, _q, t) {
      const rows = await listOrders(db, user!, { limit: MAX_ROWS });
      return {
        header: [
          atBeijingTime(t, "column.orderedAt"),
          t("enterprise.name"),
          t("column.mark"),
          t("labels.quantity"),
          t("labels.approvedQty"),
          t("labels.printer"),
          t("register.filterStatus"),
        ],
        rows: rows.map((o) => [
          o.created_at,
          o.enterprise_name,
          o.mark_name,
          o.quantity_requested,
          o.quantity_approved,
          o.printer_name,
          t(`labels.status.${o.status}`),
        ]),
      };
    },
  },
  reports: {
    roles: ["regulator", "admin"],
    async build(db, user, q, t) {
      const rows = await reportQueue(
        db,
        user!,
        reportQueueFilter(q.get("status")),
        MAX_ROWS,
        reportKindFilter(q.get("kind")),
      );
      return {
        header: [
          t("report.ticket"),
          atBeijingTime(t, "csv.createdAt"),
          t("report.kind"),
          t("report.code"),
          t("report.problem"),
          t("column.mark"),
          t("enterprise.name"),
          t("report.assignee"),
          t("register.filterStatus"),
        ],
        rows: rows.map((r) => [
          r.ticket,
          r.created_at,
          t(`report.kind.${r.kind}`),
          r.kind === "listing" ? `${r.platform ?? ""} · ${r.shop_name ?? ""}` : r.code_input,
          t(`report.problem.${r.problem}`),
          r.mark_name,
          r.enterprise_name,
          r.assignee_name,
          r.outcome ? t(`report.outcome.${r.outcome}`) : t(`report.status.${r.status}`),
        ]),
      };
    },
  },
  credit: {
    roles: ["regulator", "admin"],
    async build(db, user, _q, t) {
      const rows = await listCreditEvents(db, user!, MAX_ROWS);
      return {
        header: [
          t("credit.decidedOn"),
          t("credit.uscc"),
          t("credit.enterprise"),
          t("credit.list"),
          t("credit.authority"),
          t("credit.documentNo"),
          t("credit.reason"),
        ],
        rows: rows.map((c) => [
          c.decided_on,
          c.uscc,
          c.enterprise_name,
          t(`credit.list.${c.list}`),
          c.authority,
          c.document_no,
          c.reason,
        ]),
      };
    },
  },
  accounts: {
    roles: ["admin"],
    async build(db, _user, _q, t) {
      const rows = await listAccounts(db);
      return {
        header: [
          t("csv.username"),
          t("admin.displayName"),
          t("admin.role"),
          t("enterprise.division"),
          t("enterprise.name"),
          t("labels.printer"),
          atBeijingTime(t, "csv.disabledAt"),
          atBeijingTime(t, "csv.createdAt"),
        ],
        rows: rows.map((u) => [
          u.username,
          u.display_name,
          t(`role.${u.role}`),
          u.division_name,
          u.enterprise_name,
          u.printer_name,
          u.disabled_at,
          u.created_at,
        ]),
      };
    },
  },
  inspections: {
    roles: "public",
    async build(db, user, q, t) {
      // ?mine=1: the campaigns of the signed-in regulator's division, as their campaign page lists.
      const rows = await listCampaigns(
        db,
        q.get("mine") === "1" && user?.role === "regulator" ? { managedBy: user } : {},
      );
      return {
        header: [
          t("inspection.number"),
          t("inspection.titleField"),
          t("inspection.division"),
          atBeijingTime(t, "inspection.createdAt"),
          t("inspection.targets"),
          t("supervision.inspections.inspected"),
          t("inspection.result.non_conforming"),
        ],
        rows: rows.map((c) => [c.number, c.title, c.division_name, c.created_at, c.targets, c.inspected, c.failed]),
      };
    },
  },
  marks: {
    roles: "public",
    async build(db, _user, _q, t, origin) {
      const rows = await listMarks(db);
      return {
        header: [
          t("mark.name"),
          t("mark.kind"),
          t("home.markDivision"),
          t("mark.targetUsers"),
          t("mark.targetYear"),
          t("csv.link"),
        ],
        rows: rows.map((m) => [
          m.name,
          t(`mark.kind.${m.kind}`),
          m.division_name,
          m.target_users,
          m.target_year,
          `${origin}/marks/${m.slug}`,
        ]),
      };
    },
  },
  "managed-marks": {
    roles: ["regulator", "admin"],
    async build(db, user, _q, t) {
      const rows = await manageableMarks(db, user!);
      return {
        header: [t("mark.name"), t("mark.kind"), t("home.markDivision"), t("csv.townships")],
        rows: rows.map((m) => [m.name, t(`mark.kind.${m.kind}`), m.division_name, Number(m.townships ?? 0)]),
      };
    },
  },
  announcements: {
    roles: "public",
    async build(db, _user, _q, t, origin) {
      const rows = await listAnnouncements(db, MAX_ROWS);
      return {
        header: [
          t("announcement.number"),
          t("announcement.titleField"),
          t("announcement.publishedOn"),
          t("home.markDivision"),
          t("csv.link"),
        ],
        rows: rows.map((a) => [a.number, a.title, a.published_on, a.division_name, `${origin}/announcements/${a.id}`]),
      };
    },
  },
  register: {
    roles: "public",
    async build(db, _user, q, t) {
      const mark = await findMarkBySlug(db, q.get("mark") ?? "");
      if (!mark) return null;
      const { rows } = await registerOfMark(db, mark.id, { limit: MAX_ROWS, offset: 0 });
      return {
        header: [
          t("dashboard.mark"),
          t("enterprise.name"),
          t("enterprise.uscc"),
          t("apply.route"),
          t("register.filterStatus"),
          t("authz.since"),
          t("authz.exitedOn"),
          t("authz.exitReason"),
          t("csv.entryAnnouncement"),
          t("csv.exitAnnouncement"),
        ],
        rows: rows.map((r) => [
          mark.name,
          r.enterprise_name,
          r.uscc,
          t(`route.${r.route}`),
          t(`status.${r.status}`),
          r.active_from,
          r.exited_on,
          r.exit_reason ? t(`exit.${r.exit_reason}`) : "",
          r.entry_announcement,
          r.exit_announcement,
        ]),
      };
    },
  },
};
