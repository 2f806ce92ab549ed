// npm run db:seed — demo data on an empty database (never in APP_ENV=production).
import { prepareDatabase } from "#app/http/boot.server.ts";
import { disconnect } from "#app/db.server.ts";
import { isProduction } from "#app/env.server.ts";

if (isProduction()) {
  console.error("Refusing to seed demo data with APP_ENV=production.");
  process.exit(1);
}
await prepareDatabase();
await disconnect();
