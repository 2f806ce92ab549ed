// Child process for the kill test: approves one large order (codes streamed with COPY) and
// says "issuing" just before; the parent kills it with SIGKILL midway.
import { openDatabase } from "#db/connection.ts";
import { decideOrder } from "#app/label/label-order.server.ts";
import type { SessionUser } from "#app/accounts/session.server.ts";

const [url, orderId, userId, version] = process.argv.slice(2) as [string, string, string, string];
const handle = await openDatabase({ url, max: 2 });
const regulator: SessionUser = {
  id: userId,
  username: "kill",
  displayName: "kill",
  role: "regulator",
  divisionCode: "430923",
  divisionName: null,
  isApprover: false,
  enterpriseId: null,
  printerId: null,
  sessionId: "kill",
};
console.log("issuing");
await decideOrder(handle.db, regulator, orderId, { approve: true, version: Number(version) }, { raw: handle.raw });
console.log("finished");
await handle.close();
