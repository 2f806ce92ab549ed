import type { Kysely } from "kysely";
import type { DB } from "#db/schema.ts";
import { checkOrderVolumes, processNewScans } from "#app/alert/anomalies.server.ts";
import { raiseDueFlags } from "#app/alert/flags.server.ts";
import { raiseMissingReportFlags } from "#app/annual-report/missing-reports.server.ts";
import { gauge } from "#app/metrics/metrics.server.ts";
import { drawDueCampaigns } from "#app/inspection/campaign-draw.server.ts";
import { sweepExpiredDrafts } from "#app/document/upload-draft.server.ts";
import { withDeadline } from "#app/deadline.ts";
import { deliverDueMail } from "#app/notification/outbox.server.ts";
import { logger } from "#app/logging/logger.server.ts";
import { runReminders } from "./reminders.server.ts";

/**
 * The oversight jobs of this process: every one is idempotent or takes a lock, so any number of
 * app processes may run them. A run still going when its next turn comes is not started twice.
 */
export function startOversightJobs(db: Kysely<DB>, scanEveryMs: number, mailEveryMs = 5_000): () => void {
  const timers: NodeJS.Timeout[] = [];
  const lastSuccess = new Map<string, number>();
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    let running = false;
    const run = async () => {
      if (running) return;
      running = true;
      try {
        // A connection that died mid-transaction may never answer: give up and let the next turn try.
        await withDeadline(job(), Math.max(5 * 60_000, 5 * ms));
        lastSuccess.set(name, Date.now());
      } catch (error) {
        logger.error({ err: error, job: name }, "oversight job failed");
      } finally {
        running = false;
      }
    };
    void run();
    const timer = setInterval(run, ms);
    timer.unref();
    timers.push(timer);
  };
  // Scans: the dashboard's daily figures and the scan alerts.
  const started = Date.now();
  gauge(
    "oversight_scan_job_seconds_since_success",
    "Seconds since the oversight job last read new scans successfully.",
    () => (Date.now() - (lastSuccess.get("anomalies") ?? started)) / 1000,
  );
  every(scanEveryMs, "anomalies", () => processNewScans(db));
  every(Math.max(scanEveryMs, 5 * 60_000), "order-volumes", () => checkOrderVolumes(db));
  // Announced campaigns whose checkpoint another process signed (the publisher's own hook draws first).
  every(scanEveryMs, "draws", () => drawDueCampaigns(db));
  // Kept uploads of refused forms expire (decision 054): hourly, not only at start.
  every(60 * 60_000, "upload-drafts", () => sweepExpiredDrafts(db));
  // Ended licences, passed deadlines, unused authorizations, missing annual reports: hourly.
  every(60 * 60_000, "flags", async () => {
    await raiseDueFlags(db);
    await raiseMissingReportFlags(db);
  });
  // The mail queue (decision 046): every process reads it; SKIP LOCKED gives each message to one.
  every(mailEveryMs, "mail", () => deliverDueMail(db));
  // Reminders of the working-day clocks: the first process to claim a working day runs them.
  every(10 * 60_000, "reminders", () => runReminders(db));
  return () => timers.forEach(clearInterval);
}
