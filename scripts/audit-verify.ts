// npm run audit:verify — walks the audit chain; exits 1 naming the first tampered entry.
import { connect, disconnect } from "#app/db.server.ts";
import { verifyAuditChain } from "#app/audit/audit.server.ts";

const handle = await connect();
const report = await verifyAuditChain(handle.db);
await disconnect();
if (report.ok) {
  console.log(`audit chain intact: ${report.entries} entries verified`);
} else {
  console.error(`audit chain BROKEN at entry ${report.problem.seq} (${report.problem.kind}): ${report.problem.detail}`);
  console.error(`${report.entries} entries before it verified.`);
  process.exit(1);
}
