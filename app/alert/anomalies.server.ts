import { sql, type Kysely, type Transaction } from "kysely";
import type { DB } from "#db/schema.ts";
import type { Actor } from "#app/audit/audit.server.ts";
import { raiseAlertIn, type SubjectAlert } from "#app/alert/flags.server.ts";
import { shanghaiDate, shanghaiYear } from "#app/calendar/working-days.ts";
import { NIL } from "#app/accounts/scope.server.ts";
import { ANOMALY_RULES } from "./kinds.ts";
import { labelCapacity } from "./declared-output.ts";

// The anomaly job reads the scan log after the fact, by id range, so the verification path is
// untouched (decision 008). Each scan is read exactly once: a run processes the ids that were
// already allocated when the previous run started, by which time every flush that took one has
// committed (flushes are bounded to seconds; runs are a minute apart).

export const ANOMALY_ACTOR: Actor = { userId: null, label: "anomaly detection" };
const CURSOR_KEY = "scan_alert_cursor";
const JOB_LOCK = 7_344_002_612;
const CHUNK = 50_000;

interface Cursor {
  /** Every scan id up to here has been read. */
  done: number;
  /** The last id allocated when the previous run started: this run reads up to it. */
  seen: number;
  /** When `done` last moved: the dashboard's scan figures are as of then. */
  at: string | null;
}

async function readCursor(db: Kysely<DB> | Transaction<DB>): Promise<Cursor> {
  const row = await db.selectFrom("app_meta").select("value").where("key", "=", CURSOR_KEY).executeTakeFirst();
  return row ? (JSON.parse(row.value) as Cursor) : { done: 0, seen: 0, at: null };
}

async function writeCursor(trx: Transaction<DB>, cursor: Cursor) {
  const value = JSON.stringify(cursor);
  await trx
    .insertInto("app_meta")
    .values({ key: CURSOR_KEY, value })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: new Date() }))
    .execute();
}

/** When the scan figures were last brought up to date (null before the first run). */
export async function scanFiguresAsOf(db: Kysely<DB>): Promise<Date | null> {
  const c = await readCursor(db);
  return c.at ? new Date(c.at) : null;
}

async function lastAllocatedScanId(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{
    last: number;
  }>`select (case when is_called then last_value else 0 end)::bigint as last from scan_id_seq`.execute(db);
  return Number(rows[0]?.last ?? 0);
}

/**
 * Reads the scans allocated before the previous run (or, with `settle`, every scan written so
 * far: for tests and benchmarks that know all flushes have committed), in chunks of 50,000, each
 * in one transaction with the cursor: daily figures, then alerts. Several processes may call it;
 * one works at a time.
 */
export async function processNewScans(
  db: Kysely<DB>,
  options: { settle?: boolean } = {},
): Promise<{ scans: number; raised: number }> {
  const latest = await lastAllocatedScanId(db);
  let scans = 0;
  let raised = 0;
  for (;;) {
    const step = await db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(${JOB_LOCK}) as ok`.execute(trx);
      if (!rows[0]?.ok) return null;
      // The server gives up on a chunk stuck behind a lock rather than holding the cursor forever.
      await sql`set local statement_timeout = '60s'`.execute(trx);
      const cursor = await readCursor(trx);
      const target = options.settle ? latest : cursor.seen;
      if (cursor.done >= target) {
        if (latest > cursor.seen) await writeCursor(trx, { ...cursor, seen: latest });
        return null;
      }
      const hi = Math.min(target, cursor.done + CHUNK);
      const result = await processRange(trx, cursor.done, hi);
      await writeCursor(trx, {
        done: hi,
        seen: Math.max(cursor.seen, options.settle ? latest : 0),
        at: new Date().toISOString(),
      });
      return result;
    });
    if (!step) break;
    scans += step.scans;
    raised += step.raised;
  }
  await db
    .deleteFrom("scan_window")
    .where("bucket", "<", sql<Date>`now() - interval '1 day'`)
    .execute();
  return { scans, raised };
}

// Network prefix one level coarser than the stored one: /16 for IPv4, /32 for IPv6, with the family.
const prefixOf = (column: string) =>
  sql.raw(`(case when ${column} ~ '^[0-9]+\\.[0-9]+\\.' then 'v4:' || substring(${column} from '^([0-9]+\\.[0-9]+)\\.')
                when position(':' in ${column}) > 0 then 'v6:' || substring(${column} from '^([0-9a-f]*:[0-9a-f]*)') end)`);

// A scanned label's owner: its label, order and authorization (scan alias s).
const OWNER_OF_SCAN = sql`join label l on l.code = s.code join label_order o on o.id = l.order_id join "authorization" a on a.id = o.authorization_id`;

type CodeRow = {
  subject: string;
  mark_id: string;
  authorization_id: string;
  enterprise_id: string;
  township_code: string;
  last_at: Date;
};

async function processRange(trx: Transaction<DB>, lo: number, hi: number): Promise<{ scans: number; raised: number }> {
  const inRange = sql`s.id > ${lo} and s.id <= ${hi}`;
  // Consumers' checks only: a link preview or crawler (channel 'preview') is in the log but is not
  // somebody holding the label, so it stays out of the daily figures and the label alerts. The
  // unknown-code burst below counts every channel: a guesser calling itself a crawler is still one.
  const consumers = sql`s.channel <> 'preview'`;
  const daily = await sql<{ n: number }>`
    with day_counts as (
      select (s.scanned_at at time zone 'Asia/Shanghai')::date as day, coalesce(s.mark_id, l.mark_id, ${NIL}::uuid) as mark_id,
             coalesce(substr(a.township_code, 1, 6), '') as county_code, s.verdict, count(*) as scans
        from scan s
        left join label l on l.code = s.code
        left join label_order o on o.id = l.order_id
        left join "authorization" a on a.id = o.authorization_id
       where ${inRange} and ${consumers}
       group by 1, 2, 3, 4),
    added as (
      insert into scan_daily (day, mark_id, county_code, verdict, scans)
      select day, mark_id, county_code, verdict, scans from day_counts
      on conflict (day, mark_id, county_code, verdict) do update set scans = scan_daily.scans + excluded.scans
      returning 1)
    -- PostgreSQL runs a data-modifying CTE whether or not the query reads it.
    select coalesce(sum(scans), 0)::bigint as n from day_counts`.execute(trx);
  const alerts: SubjectAlert[] = [];
  const about = (r: CodeRow) => ({
    subject: r.subject,
    divisionCode: r.township_code,
    markId: r.mark_id,
    authorizationId: r.authorization_id,
    enterpriseId: r.enterprise_id,
    seenAt: new Date(r.last_at),
  });

  // Codes checked more often than their mark allows (the scan page warns the shopper too).
  const overThreshold = await sql<CodeRow & { scan_count: number; threshold: number; first_at: Date }>`
    select encode(t.code, 'hex') as subject, l.mark_id, a.id as authorization_id, a.enterprise_id, a.township_code,
           t.scan_count, m.scan_warn_threshold as threshold, t.first_scanned_at as first_at, t.last_scanned_at as last_at
      from (select distinct s.code from scan s where ${inRange} and ${consumers} and s.code is not null) s
      join scan_tally t on t.code = s.code
      ${OWNER_OF_SCAN}
      join mark m on m.id = l.mark_id
     where t.scan_count > m.scan_warn_threshold`.execute(trx);
  for (const r of overThreshold.rows) {
    alerts.push({
      kind: "scan_threshold",
      ...about(r),
      occurrences: Number(r.scan_count),
      accumulate: false,
      detail: { scans: Number(r.scan_count), threshold: r.threshold, firstAt: r.first_at },
    });
  }

  // Scans of labels never put on a product (or voided), and of labels before they were printed.
  const lifecycle = await sql<
    CodeRow & { status: string; inactive: number; before_print: number; printed_at: Date | null; first_at: Date }
  >`
    select encode(s.code, 'hex') as subject, l.mark_id, a.id as authorization_id, a.enterprise_id, a.township_code, l.status,
           count(*) filter (where s.verdict in ('not_activated', 'voided') and pr.printed_at is not null and s.scanned_at >= pr.printed_at)::int as inactive,
           count(*) filter (where pr.printed_at is null or s.scanned_at < pr.printed_at)::int as before_print,
           min(pr.printed_at) as printed_at, min(s.scanned_at) as first_at, max(s.scanned_at) as last_at
      from scan s
      ${OWNER_OF_SCAN}
      left join lateral (select min(g.at) as printed_at from label_ledger g where g.order_id = l.order_id and g.action = 'print') pr on true
     where ${inRange} and ${consumers}
     group by s.code, l.mark_id, a.id, a.enterprise_id, a.township_code, l.status
    having count(*) filter (where s.verdict in ('not_activated', 'voided') and pr.printed_at is not null and s.scanned_at >= pr.printed_at) > 0
        or count(*) filter (where pr.printed_at is null or s.scanned_at < pr.printed_at) > 0`.execute(trx);
  for (const r of lifecycle.rows) {
    if (r.inactive > 0)
      alerts.push({
        kind: "inactive_label_scan",
        ...about(r),
        occurrences: r.inactive,
        accumulate: true,
        detail: { labelStatus: r.status },
      });
    if (r.before_print > 0)
      alerts.push({
        kind: "scan_before_print",
        ...about(r),
        occurrences: r.before_print,
        accumulate: true,
        detail: { firstAt: r.first_at, printedAt: r.printed_at },
      });
  }

  // The same label from far-apart networks within a short time: a copied code in circulation.
  const distant = await sql<CodeRow & { n: number; networks: string[] }>`
    select encode(s.code, 'hex') as subject, l.mark_id, a.id as authorization_id, a.enterprise_id, a.township_code,
           count(*)::int as n, max(s.scanned_at) as last_at,
           array_agg(distinct s.network) || array_agg(distinct d.network) as networks
      from scan s
      ${OWNER_OF_SCAN}
      join lateral (
        select p.network from scan p
         where p.code = s.code and p.id <> s.id and p.channel <> 'preview'
           and p.scanned_at >= s.scanned_at - make_interval(mins => ${sql.lit(ANOMALY_RULES.distantWithinMinutes)}) and p.scanned_at <= s.scanned_at
           and left(${prefixOf("p.network")}, 3) = left(${prefixOf("s.network")}, 3)
           and ${prefixOf("p.network")} <> ${prefixOf("s.network")}
         limit 1) d on true
     where ${inRange} and ${consumers}
     group by s.code, l.mark_id, a.id, a.enterprise_id, a.township_code`.execute(trx);
  for (const r of distant.rows) {
    alerts.push({
      kind: "distant_scans",
      ...about(r),
      occurrences: r.n,
      accumulate: true,
      detail: { networks: [...new Set(r.networks)].sort() },
    });
  }

  // Bursts of unknown codes from one network: somebody guessing, or a batch of fakes being checked.
  const touched = await sql<{ network: string; bucket: Date }>`
    insert into scan_window (network, bucket, not_found)
    select s.network, to_timestamp(floor(extract(epoch from s.scanned_at) / ${sql.lit(ANOMALY_RULES.bucketMinutes * 60)}) * ${sql.lit(ANOMALY_RULES.bucketMinutes * 60)}), count(*)::int
      from scan s
     where ${inRange} and s.verdict = 'not_found' and s.network <> 'unknown'
     group by 1, 2
    on conflict (network, bucket) do update set not_found = scan_window.not_found + excluded.not_found
    returning network, bucket`.execute(trx);
  if (touched.rows.length) {
    const pairs = JSON.stringify(
      touched.rows.map((r) => ({ network: r.network, bucket: new Date(r.bucket).toISOString() })),
    );
    const bursts = await sql<{ network: string; n: number; bucket: Date }>`
      select w.network, max(w.not_found + coalesce(p.not_found, 0))::int as n, max(w.bucket) as bucket
        from jsonb_to_recordset(${pairs}::text::jsonb) as t(network text, bucket timestamptz)
        join scan_window w on w.network = t.network and (w.bucket = t.bucket or w.bucket = t.bucket + make_interval(mins => ${sql.lit(ANOMALY_RULES.bucketMinutes)}))
        left join scan_window p on p.network = w.network and p.bucket = w.bucket - make_interval(mins => ${sql.lit(ANOMALY_RULES.bucketMinutes)})
       group by w.network
      having max(w.not_found + coalesce(p.not_found, 0)) >= ${sql.lit(ANOMALY_RULES.notFoundBurst)}`.execute(trx);
    for (const b of bursts.rows) {
      const last = new Date(new Date(b.bucket).getTime() + ANOMALY_RULES.bucketMinutes * 60_000);
      alerts.push({
        kind: "not_found_burst",
        subject: b.network,
        divisionCode: null,
        markId: null,
        authorizationId: null,
        enterpriseId: null,
        seenAt: last,
        occurrences: b.n,
        accumulate: false,
        detail: { network: b.network, windowMinutes: ANOMALY_RULES.bucketMinutes * 2, notFound: b.n },
      });
    }
  }

  let raised = 0;
  for (const a of alerts) if (await raiseAlertIn(trx, ANOMALY_ACTOR, a)) raised += 1;
  return { scans: Number(daily.rows[0]?.n ?? 0), raised };
}

/**
 * Label orders of a calendar year far above what the user's declared output could carry
 * (declared-output.ts). Raised once per authorization and year; after a person resolves it, only
 * a larger total raises it again.
 */
export async function checkOrderVolumes(db: Kysely<DB>, today = shanghaiDate()): Promise<number> {
  const year = Number(today.slice(0, 4));
  const { from, to } = shanghaiYear(year);
  const totals = await db
    .selectFrom("label_order")
    .innerJoin("authorization", "authorization.id", "label_order.authorization_id")
    .select([
      "authorization.id",
      "authorization.enterprise_id",
      "authorization.township_code",
      "authorization.mark_id",
      "authorization.annual_output",
      (eb) =>
        eb.fn.sum<number>(sql`coalesce(label_order.quantity_approved, label_order.quantity_requested)`).as("ordered"),
    ])
    .where("label_order.status", "!=", "rejected")
    .where("label_order.created_at", ">=", from)
    .where("label_order.created_at", "<", to)
    .groupBy([
      "authorization.id",
      "authorization.enterprise_id",
      "authorization.township_code",
      "authorization.mark_id",
      "authorization.annual_output",
    ])
    .execute();
  if (!totals.length) return 0;
  const specs = new Map<string, (string | null)[]>();
  for (const b of await db
    .selectFrom("product_batch")
    .select(["authorization_id", "specification"])
    .where(
      "authorization_id",
      "in",
      totals.map((t) => t.id),
    )
    .execute()) {
    if (!specs.has(b.authorization_id)) specs.set(b.authorization_id, []);
    specs.get(b.authorization_id)!.push(b.specification);
  }
  let raised = 0;
  for (const t of totals) {
    const ordered = Number(t.ordered);
    const capacity = labelCapacity(t.annual_output, specs.get(t.id) ?? []);
    if (capacity === null || ordered <= ANOMALY_RULES.orderAboveOutputRatio * capacity) continue;
    const subject = `${t.id}:${year}`;
    const decided = await db
      .selectFrom("flag")
      .select(sql<number>`max((detail->>'ordered')::bigint)`.as("ordered"))
      .where("kind", "=", "order_above_output")
      .where("subject", "=", subject)
      .where("resolved_at", "is not", null)
      .executeTakeFirst();
    if (decided?.ordered !== null && decided?.ordered !== undefined && ordered <= Number(decided.ordered)) continue;
    const isNew = await db.transaction().execute((trx) =>
      raiseAlertIn(trx, ANOMALY_ACTOR, {
        kind: "order_above_output",
        subject,
        divisionCode: t.township_code,
        markId: t.mark_id,
        authorizationId: t.id,
        enterpriseId: t.enterprise_id,
        seenAt: new Date(),
        occurrences: 1,
        accumulate: false,
        detail: { year, ordered, capacity, declared: t.annual_output, ratio: ANOMALY_RULES.orderAboveOutputRatio },
      }),
    );
    if (isNew) raised += 1;
  }
  return raised;
}
