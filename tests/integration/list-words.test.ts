import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SessionUser } from "#app/accounts/session.server.ts";
import { csvResponse } from "#app/csv/csv.ts";
import { LIST_EXPORTS } from "#app/http/list-exports.server.ts";
import { translator, type Lang } from "#app/i18n/i18n.ts";
import { fileReport } from "#app/report/report.server.ts";
import { searchAudit } from "#app/audit/audit-viewer.server.ts";
import { actionWords, actorWords, entityWords } from "#app/audit/words.ts";
import { reasonInWords } from "#app/label/void-reasons.ts";
import { authorizationDetail } from "#app/authorization/queries.server.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";
import { makeUser } from "#tests/support/factories.ts";
import { labelsInEveryState, type LabelWorld, markWithPrinter } from "#tests/support/label-factories.ts";

// Issue 14, items 6 and 8: every list's CSV says what each column holds, and its moments are
// Beijing time with the zone in the header, in both languages.
process.env.DATA_DIR = mkdtempSync(join(tmpdir(), "gi-list-words-"));

let t: TestDatabase;
let admin: SessionUser;
let markSlug: string;
let regulatorUser: SessionUser;
let authorizationId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const regulator = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const approver = await makeUser(t.db, "regulator", { divisionCode: "430923", isApprover: true });
  admin = await makeUser(t.db, "admin");
  const { mark, printerId, printer } = await markWithPrinter(t.db, "列名测试印务", { slug: "words-tea" });
  markSlug = mark.slug;
  const w: LabelWorld = { db: t.db, raw: t.raw, markId: mark.id, printerId, regulator, approver, printer };
  const world = await labelsInEveryState(w, "LW-001");
  regulatorUser = regulator;
  authorizationId = world.authorizationId;
  await fileReport(
    t.db,
    { codeInput: world.codeAt(3), problem: "fake_label", description: "包装可疑", placeKind: "shop", place: "某超市" },
    [],
  );
}, 120_000);

afterAll(async () => {
  await t?.drop();
});

const ZONE: Record<Lang, RegExp> = { "zh-CN": /（北京时间）$/, en: / \(Beijing time\)$/ };

describe.each(["zh-CN", "en"] as const)("list exports in %s", (lang) => {
  const t_ = translator(lang);

  it("write every moment as Beijing time under a header that names the zone", async () => {
    let momentColumns = 0;
    for (const [name, list] of Object.entries(LIST_EXPORTS)) {
      const query = new URLSearchParams(name === "register" ? { mark: markSlug } : {});
      const table = await list.build(t.db, admin, query, t_, "https://gi.example");
      expect(table, name).not.toBeNull();
      table!.header.forEach((header, c) => {
        const moments = table!.rows.some((r) => r[c] instanceof Date);
        if (moments) momentColumns++;
        if (moments) expect(ZONE[lang].test(header), `${name}: ${header}`).toBe(true);
      });
      const body = await csvResponse(`${name}.csv`, table!.header, table!.rows).text();
      expect(body, name).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    }
    expect(momentColumns).toBeGreaterThanOrEqual(4);
  });

  it("name the mark column for the mark, not a borrowed word", async () => {
    for (const name of ["applications", "label-orders", "reports"]) {
      const table = await LIST_EXPORTS[name]!.build(t.db, admin, new URLSearchParams(), t_, "https://gi.example");
      expect(table!.header, name).toContain(lang === "en" ? "Mark" : "地理标志");
      expect(table!.header, name).not.toContain(lang === "en" ? "About" : "对象");
    }
    const orders = await LIST_EXPORTS["label-orders"]!.build(t.db, admin, new URLSearchParams(), t_, "");
    expect(orders!.header[0]).toBe(lang === "en" ? "Ordered at (Beijing time)" : "下单时间（北京时间）");
  });
});

describe.each(["zh-CN", "en"] as const)("the record of what happened, in %s", (lang) => {
  const t_ = translator(lang);

  it("the audit viewer says who did what to which record in words", async () => {
    const rows = await searchAudit(t.db, {}, 1000);
    expect(rows.length).toBeGreaterThan(10);
    const raw = rows.flatMap((r) => {
      const words = [actorWords(r.actor_label, t_), actionWords(r.action, t_), entityWords(r.entity_type, t_)];
      // No code reaches the reader: no dotted action, no snake_case record kind.
      return words.filter((w) => /^[a-z_]+(\.[a-z_]+)*$/.test(w) || w === r.action || w === r.entity_type);
    });
    expect(raw).toEqual([]);
    const collect = rows.find((r) => r.action === "label.collect")!;
    expect(actionWords(collect.action, t_)).toBe(lang === "en" ? "Collected labels" : "领用标签");
    // A person is named with their role in words, never "(enterprise)"; a void reason in words.
    const member = rows.find((r) => r.actor_label.endsWith("(enterprise)"))!;
    expect(actorWords(member.actor_label, t_)).toBe(
      member.actor_label.replace(" (enterprise)", lang === "en" ? " (Enterprise label manager)" : "（企业用标专员）"),
    );
    expect(
      rows.map((r) => actorWords(r.actor_label, t_)).filter((w) => /\((admin|regulator|enterprise|printer)\)/.test(w)),
    ).toEqual([]);
    const voided = rows.find((r) => r.action === "label.void");
    if (voided) expect(reasonInWords(voided.reason, t_)).not.toMatch(/^(damaged|lost|misprinted)$/);
    expect(reasonInWords("lost", t_)).toBe(lang === "en" ? "Lost" : "丢失");
  });

  it("the authorization's history names the site-check report, not its id", async () => {
    const detail = await authorizationDetail(t.db, regulatorUser, authorizationId);
    const review = detail!.events.find((e) => e.action === "review")!;
    expect(review.document).toMatchObject({ kind: "site_check_report", name: "核验报告.pdf" });
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;
    expect(detail!.events.filter((e) => e.document_ref && uuid.test(e.document_ref))).toEqual([]);
    expect(t_(`document.kind.${review.document!.kind}`)).toBe(lang === "en" ? "Site-check report" : "核验报告");
  });
});
