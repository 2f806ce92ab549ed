// npm run user:create -- --username admin --name "系统管理员" [--role admin]
// Bootstraps the first administrator in production. The password is read from the
// USER_PASSWORD environment variable or from standard input (never from argv, which
// other users of the machine can see in the process list).
import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";
import { connect, disconnect } from "#app/db.server.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { loadDivisions } from "#app/division/division.server.ts";
import { insertAccount, preparePassword } from "#app/accounts/users.server.ts";
import { DomainError } from "#app/errors.ts";
import { translator } from "#app/i18n/i18n.ts";

const { values } = parseArgs({
  options: { username: { type: "string" }, name: { type: "string" }, role: { type: "string", default: "admin" } },
});
if (!values.username || !values.name || values.role !== "admin") {
  console.error('usage: npm run user:create -- --username <name> --name "<display name>"   (creates an administrator)');
  process.exit(2);
}

async function readPassword(): Promise<string> {
  if (process.env.USER_PASSWORD) return process.env.USER_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write("password: ");
  const line = await rl.question("");
  rl.close();
  return line;
}

const t = translator("zh-CN");
const handle = await connect();
try {
  await migrateToLatest(handle.db);
  await loadDivisions(handle.db);
  const password = await readPassword();
  const passwordHash = await preparePassword(password, values.username);
  const id = await handle.db.transaction().execute((trx) =>
    insertAccount(
      trx,
      { userId: null, label: "cli user:create" },
      {
        username: values.username!,
        displayName: values.name!,
        passwordHash,
        role: "admin",
      },
    ),
  );
  console.log(`created administrator ${values.username} (${id})`);
} catch (error) {
  if (error instanceof DomainError) {
    console.error(`${t(error.key, error.options.params)} (${error.key})`);
    process.exitCode = 1;
  } else throw error;
} finally {
  await disconnect();
}
