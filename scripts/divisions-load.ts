// npm run divisions:load — (re)loads GB/T 2260 divisions from the dataset package when its version changed.
import { connect, disconnect } from "#app/db.server.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { DIVISION_DATA_VERSION, loadDivisions } from "#app/division/division.server.ts";

const handle = await connect();
await migrateToLatest(handle.db);
const n = await loadDivisions(handle.db);
console.log(n ? `loaded ${n} divisions (${DIVISION_DATA_VERSION})` : `divisions already at ${DIVISION_DATA_VERSION}`);
await disconnect();
