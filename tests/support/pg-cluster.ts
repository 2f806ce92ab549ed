import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The installed server binaries (Debian: /usr/lib/postgresql/<major>/bin), newest first. */
export function postgresBin(): string {
  const root = "/usr/lib/postgresql";
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const majors = existsSync(root)
    ? readdirSync(root)
        .filter((d) => /^\d+$/.test(d))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!majors.length)
    throw new Error("No PostgreSQL server binaries under /usr/lib/postgresql (install postgresql) or set PG_BIN.");
  return join(root, majors[0]!, "bin");
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway PostgreSQL cluster of our own (never the shared server): initdb in a temp
 * directory, its own port, trust auth on 127.0.0.1. Runs as the `postgres` OS user when we are
 * root, since the server refuses to run as root.
 */
export class ThrowawayCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly bin: string,
  ) {}

  static async create(): Promise<ThrowawayCluster> {
    const bin = postgresBin();
    const dir = mkdtempSync(join(tmpdir(), "gi-pg-"));
    chmodSync(dir, 0o777);
    const cluster = new ThrowawayCluster(join(dir, "data"), await freePort(), bin);
    cluster.run("initdb", [
      "-D",
      cluster.dir,
      "-U",
      "postgres",
      "--auth=trust",
      "--no-sync",
      "-E",
      "UTF8",
      "--locale=C",
    ]);
    await cluster.start();
    return cluster;
  }

  /** A streaming standby of this cluster (pg_basebackup -R), started on a port of its own. */
  async createStandby(): Promise<ThrowawayCluster> {
    const dir = mkdtempSync(join(tmpdir(), "gi-pg-standby-"));
    chmodSync(dir, 0o777);
    const standby = new ThrowawayCluster(join(dir, "data"), await freePort(), this.bin);
    this.run("pg_basebackup", [
      "-h",
      "127.0.0.1",
      "-p",
      String(this.port),
      "-U",
      "postgres",
      "-D",
      standby.dir,
      "-R",
      "-X",
      "stream",
      "-c",
      "fast",
      "--no-sync",
    ]);
    await standby.start();
    return standby;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(tool: string, args: string[]) {
    const command = join(this.bin, tool);
    const asRoot = process.getuid?.() === 0;
    const result = asRoot
      ? spawnSync("runuser", ["-u", "postgres", "--", command, ...args], { encoding: "utf8" })
      : spawnSync(command, args, { encoding: "utf8" });
    if (result.status !== 0) throw new Error(`${tool} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  async start(): Promise<void> {
    this.run("pg_ctl", [
      "-D",
      this.dir,
      "-l",
      `${this.dir}.log`,
      "-w",
      "-t",
      "60",
      "-o",
      `-p ${this.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`,
      "start",
    ]);
  }

  /** `immediate` is a hard stop (like a crash or pulled power); `fast` a clean shutdown. */
  async stop(mode: "immediate" | "fast" = "fast"): Promise<void> {
    this.run("pg_ctl", ["-D", this.dir, "-m", mode, "-w", "stop"]);
  }

  async destroy(): Promise<void> {
    try {
      await this.stop("immediate");
    } catch {
      // already stopped
    }
    rmSync(join(this.dir, ".."), { recursive: true, force: true });
  }

  psql(sqlText: string, database = "postgres"): string {
    return execFileSync(
      join(this.bin, "psql"),
      ["-h", "127.0.0.1", "-p", String(this.port), "-U", "postgres", "-d", database, "-Atc", sqlText],
      { encoding: "utf8" },
    );
  }
}
