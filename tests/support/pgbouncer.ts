import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./pg-cluster.ts";

/**
 * Debian's PgBouncer (/usr/sbin/pgbouncer, or PGBOUNCER_BIN) in front of a throwaway cluster, in
 * transaction pooling with a small server pool, on a port of its own. Runs as the `postgres` OS
 * user when we are root, since PgBouncer refuses to run as root.
 */
export class Bouncer {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async start(target: { port: number; database: string }, poolSize = 2): Promise<Bouncer> {
    const dir = mkdtempSync(join(tmpdir(), "gi-bouncer-"));
    chmodSync(dir, 0o777);
    const bouncer = new Bouncer(dir, await freePort());
    writeFileSync(join(dir, "users.txt"), `"postgres" ""\n`);
    writeFileSync(
      join(dir, "pgbouncer.ini"),
      [
        "[databases]",
        `${target.database} = host=127.0.0.1 port=${target.port} dbname=${target.database}`,
        "[pgbouncer]",
        "listen_addr = 127.0.0.1",
        `listen_port = ${bouncer.port}`,
        "unix_socket_dir =",
        "auth_type = trust",
        `auth_file = ${join(dir, "users.txt")}`,
        "pool_mode = transaction",
        `default_pool_size = ${poolSize}`,
        "max_client_conn = 500",
        `logfile = ${join(dir, "pgbouncer.log")}`,
        `pidfile = ${join(dir, "pgbouncer.pid")}`,
        "",
      ].join("\n"),
    );
    for (const f of ["users.txt", "pgbouncer.ini"]) chmodSync(join(dir, f), 0o644);
    bouncer.run(["-d", join(dir, "pgbouncer.ini")]);
    return bouncer;
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private run(args: string[]) {
    const bin = process.env.PGBOUNCER_BIN ?? "/usr/sbin/pgbouncer";
    const result =
      process.getuid?.() === 0
        ? spawnSync("runuser", ["-u", "postgres", "--", bin, ...args], { encoding: "utf8" })
        : spawnSync(bin, args, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`pgbouncer ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  }

  stop(): void {
    spawnSync("sh", ["-c", `kill $(cat ${join(this.dir, "pgbouncer.pid")}) 2>/dev/null`]);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
