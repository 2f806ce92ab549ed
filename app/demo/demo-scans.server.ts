import { CompiledQuery, type Kysely } from "kysely";
import type { DB, Verdict } from "#db/schema.ts";
import { processNewScans } from "#app/alert/anomalies.server.ts";
import { encodeCode, parseCode } from "#app/label-code/code.ts";
import { demoScanCodes } from "./demo-labels.server.ts";
import { INSERT_SCANS, UPSERT_TALLIES } from "#app/verification/scan-log.server.ts";

/**
 * A few consumer scans for the dashboard and the alert queue, written the way the scan log writes
 * them. The codes the home page offers for trying each verdict are left unscanned, so the
 * first scan a visitor makes of them still says "first time".
 */
export async function seedDemoScans(db: Kysely<DB>) {
  const now = new Date();
  const mark = await db
    .selectFrom("mark")
    .select(["id"])
    .where("slug", "=", "anhua-huangjing")
    .executeTakeFirstOrThrow();
  const member = await db
    .selectFrom("app_user")
    .select("enterprise_id")
    .where("username", "=", "enterprise.demo")
    .executeTakeFirstOrThrow();
  const samples = new Set(
    Object.values((await demoScanCodes(db)) ?? {}).map((c) => {
      const parsed = parseCode(c);
      return parsed.ok ? Buffer.from(parsed.bytes).toString("hex") : "";
    }),
  );
  // Only the active demo user's labels, and never the home page's sample codes.
  const labels = (
    await db
      .selectFrom("label")
      .innerJoin("label_order", "label_order.id", "label.order_id")
      .select(["label.code", "label.status", "label.serial", "label_order.enterprise_id"])
      .where("label.mark_id", "=", mark.id)
      .where("label_order.enterprise_id", "=", member.enterprise_id!)
      .orderBy("label.serial")
      .execute()
  ).filter((l) => !samples.has(Buffer.from(l.code).toString("hex")));
  const byStatus = (status: string) => labels.filter((l) => l.status === status);
  const collected = byStatus("collected");
  const voided = byStatus("voided");
  const inStock = byStatus("received");
  // The demo's labels were printed moments ago: every scan is from now (anything earlier would be,
  // rightly, a scan before printing).
  const rows: { at: Date; code: Uint8Array | null; verdict: Verdict; enterprise: string | null; network: string }[] =
    [];
  const at = (i: number) => new Date(now.getTime() + i);
  for (const [i, l] of collected.slice(1, 13).entries())
    rows.push({
      at: at(i),
      code: l.code,
      verdict: "genuine",
      enterprise: l.enterprise_id,
      network: `36.${100 + i}.8.0/24`,
    });
  // One label shown to customers again and again in one shop; a voided label and one never collected turning up.
  const popular = collected[0]!;
  for (let i = 0; i < 7; i++)
    rows.push({
      at: at(20 + i),
      code: popular.code,
      verdict: "genuine",
      enterprise: popular.enterprise_id,
      network: "36.151.20.0/24",
    });
  if (voided[0])
    rows.push({
      at: at(30),
      code: voided[0].code,
      verdict: "voided",
      enterprise: voided[0].enterprise_id,
      network: "61.187.3.0/24",
    });
  if (inStock[0])
    rows.push({
      at: at(31),
      code: inStock[0].code,
      verdict: "not_activated",
      enterprise: inStock[0].enterprise_id,
      network: "61.187.9.0/24",
    });
  for (let i = 0; i < 4; i++)
    rows.push({
      at: at(40 + i),
      code: crypto.getRandomValues(new Uint8Array(16)),
      verdict: "not_found",
      enterprise: null,
      network: "113.24.8.0/24",
    });

  const hex = (code: Uint8Array) => Buffer.from(code).toString("hex");
  const scans = rows.map((r) => ({
    scanned_at: r.at.toISOString(),
    code: r.code ? hex(r.code) : null,
    raw_input: null,
    mark_id: r.verdict === "not_found" ? null : mark.id,
    enterprise_id: r.enterprise,
    verdict: r.verdict,
    channel: "page",
    network: r.network,
    user_agent: "demo seed",
    ref: null,
  }));
  const tallies = new Map<string, { code: string; n: number; first: string; last: string }>();
  for (const s of scans) {
    if (!s.code) continue;
    const t = tallies.get(s.code) ?? { code: s.code, n: 0, first: s.scanned_at, last: s.scanned_at };
    t.n += 1;
    if (s.scanned_at < t.first) t.first = s.scanned_at;
    if (s.scanned_at > t.last) t.last = s.scanned_at;
    tallies.set(s.code, t);
  }
  await db.transaction().execute(async (trx) => {
    await trx.executeQuery(CompiledQuery.raw(INSERT_SCANS, [JSON.stringify(scans)]));
    await trx.executeQuery(CompiledQuery.raw(UPSERT_TALLIES, [JSON.stringify([...tallies.values()])]));
  });
  // Nothing else writes during the seed, so the job may read everything at once.
  await processNewScans(db, { settle: true });
  return { scans: scans.length, popular: encodeCode(new Uint8Array(popular.code)) };
}
