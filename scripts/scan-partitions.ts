// npm run scan:partitions -- [--months N] — creates the scan log's month partitions N months ahead
// (default 12). Safe to run any time, from cron or by hand; the server also keeps 3 months ahead.
import { parseArgs } from "node:util";
import { connect, disconnect } from "#app/db.server.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { ensureScanPartitions, listScanPartitions } from "#app/verification/partitions.server.ts";

const { values } = parseArgs({ options: { months: { type: "string", default: "12" } } });
const months = Number(values.months);
if (!Number.isInteger(months) || months < 0 || months > 120) {
  console.error("--months must be a whole number from 0 to 120");
  process.exit(2);
}
const handle = await connect();
await migrateToLatest(handle.db);
const created = await ensureScanPartitions(handle.db, months);
const partitions = await listScanPartitions(handle.db);
await disconnect();
console.log(`created ${created} partition(s); scan now has: ${partitions.join(", ")}`);
