// npm run db:migrate — applies pending migrations and loads division reference data.
import { connect, disconnect } from "#app/db.server.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";

const handle = await connect();
const applied = await migrateToLatest(handle.db);
console.log(applied.length ? `applied: ${applied.join(", ")}` : "database is up to date");
const divisions = await loadDivisions(handle.db);
if (divisions) console.log(`loaded ${divisions} administrative divisions`);
await disconnect();
