import { describe, expect, it } from "vitest";
import * as schema from "#db/schema.ts";
import { ALERT_KINDS, ALERT_STATES } from "#app/alert/kinds.ts";
import { REPORT_STATES } from "#app/annual-report/annual-report.server.ts";
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, MACHINE_ACTORS } from "#app/audit/actions.ts";
import { TRANSITIONS } from "#app/authorization/lifecycle.ts";
import { en } from "#app/i18n/en.ts";
import { translator } from "#app/i18n/i18n.ts";
import { zhCN } from "#app/i18n/zh-CN.ts";
import { INSPECTION_ITEMS } from "#app/inspection/items.ts";
import { VOID_REASONS } from "#app/label/void-reasons.ts";
import { DISCREPANCIES } from "#app/label/discrepancies.ts";
import { ALERT_AREAS, NOTIFICATION_KINDS } from "#app/notification/kinds.ts";

// Issue 14, item 7: no raw identifier reaches a person. Every value of every enumerated field has
// a word in both languages; a value added to a list without its words fails here.
const FIELDS: Record<string, { prefix: string; values: readonly string[] }> = {
  "authorization status": { prefix: "status.", values: schema.AUTHORIZATION_STATUSES },
  "authorization action": { prefix: "action.", values: Object.keys(TRANSITIONS) },
  "exit reason": { prefix: "exit.", values: schema.EXIT_REASONS },
  "legal route": { prefix: "route.", values: schema.AUTHORIZATION_ROUTES },
  role: { prefix: "role.", values: schema.ROLES },
  "mark kind": { prefix: "mark.kind.", values: schema.MARK_KINDS },
  "document kind": { prefix: "document.kind.", values: schema.DOCUMENT_KINDS },
  "label status": { prefix: "label.status.", values: schema.LABEL_STATUSES },
  "label order status": { prefix: "labels.status.", values: schema.LABEL_ORDER_STATUSES },
  "ledger entry": { prefix: "ledger.", values: schema.LEDGER_ACTIONS },
  "void or spoil reason": { prefix: "labels.voidReason.", values: VOID_REASONS },
  "reconciliation discrepancy": { prefix: "labels.discrepancyKind.", values: DISCREPANCIES },
  verdict: { prefix: "verify.verdict.", values: schema.VERDICTS },
  "scan channel": { prefix: "scan.channel.", values: schema.SCAN_CHANNELS },
  "report problem": { prefix: "report.problem.", values: schema.REPORT_PROBLEMS },
  "report status": { prefix: "report.status.", values: schema.REPORT_STATUSES },
  "report outcome": { prefix: "report.outcome.", values: schema.REPORT_OUTCOMES },
  "report kind": { prefix: "report.kind.", values: schema.REPORT_KINDS },
  "case history step": { prefix: "report.action.", values: schema.CASE_HISTORY_STEPS },
  "listing register finding": { prefix: "listing.finding.", values: schema.LISTING_FINDINGS },
  "takedown legal basis": { prefix: "takedown.basis.", values: schema.TAKEDOWN_LEGAL_BASES },
  "takedown status": { prefix: "takedown.status.", values: schema.TAKEDOWN_STATUSES },
  "credit list": { prefix: "credit.list.", values: schema.CREDIT_LIST_KINDS },
  "inspection result": { prefix: "inspection.result.", values: schema.INSPECTION_RESULTS },
  "inspection item": { prefix: "inspection.item.", values: INSPECTION_ITEMS },
  "alert kind": { prefix: "flag.kind.", values: ALERT_KINDS },
  "alert state": { prefix: "alert.state.", values: ALERT_STATES },
  "annual report state": { prefix: "annualReport.state.", values: REPORT_STATES },
  "audit action": { prefix: "audit.action.", values: AUDIT_ACTIONS },
  "audit record kind": { prefix: "audit.entity.", values: AUDIT_ENTITY_TYPES },
  "machine actor": { prefix: "audit.actor.", values: Object.values(MACHINE_ACTORS) },
  "notification kind": { prefix: "notification.kind.", values: NOTIFICATION_KINDS },
  "notification subject": { prefix: "notify.", values: NOTIFICATION_KINDS.map((k) => `${k}.subject`) },
  "notification, what happened": { prefix: "notify.", values: NOTIFICATION_KINDS.map((k) => `${k}.body`) },
  "notification, what to do next": { prefix: "notify.", values: NOTIFICATION_KINDS.map((k) => `${k}.next`) },
  "where an alert was raised": { prefix: "notify.alertArea.", values: ALERT_AREAS },
};

describe("every enumerated value has words", () => {
  for (const [field, { prefix, values }] of Object.entries(FIELDS)) {
    it(`${field}: in Chinese and in English`, () => {
      expect(values.length).toBeGreaterThan(0);
      const missing = values.flatMap((v) => {
        const key = `${prefix}${v}`;
        const zh = (zhCN as Record<string, string>)[key];
        const english = (en as Record<string, string>)[key];
        return [
          ...(zh && zh !== v && /[\u4e00-\u9fff]/.test(zh) ? [] : [`zh-CN ${key}`]),
          ...(english && english !== v && english !== key ? [] : [`en ${key}`]),
        ];
      });
      expect(missing).toEqual([]);
    });
  }
});

describe("a refusal names the status in words", () => {
  it("never shows the status code, in either language", () => {
    for (const lang of ["zh-CN", "en"] as const) {
      const t = translator(lang);
      for (const status of schema.AUTHORIZATION_STATUSES) {
        for (const key of ["label.authorizationNotActive", "transition.notAllowed"] as const) {
          const text = t(key, { status });
          expect(text, `${lang} ${key} ${status}`).toContain(t(`status.${status}`));
          expect(text, `${lang} ${key} ${status}`).not.toMatch(new RegExp(`\\b${status}\\b`));
        }
      }
    }
    expect(translator("zh-CN")("label.authorizationNotActive", { status: "cancelled" })).toBe(
      "用标资格当前状态（已注销）下不能申请或领用标签。",
    );
  });
});
