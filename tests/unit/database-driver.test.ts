import { createServer, type Server, type Socket } from "node:net";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";

// The database connection closing in the middle of a transaction (a restart, a failover, a pooler
// dropping it): postgres.js 3.4.9 queues the ROLLBACK it then sends for the next tick, and that
// tick wrote to a socket that was gone, throwing where nothing can catch it and ending the whole
// app (porsager/postgres#1154, #1208; CI saw it as every scan refused after a database stop).
// Our patch (patches/postgres+3.4.9.patch) makes the late write reject its query instead.

/** One backend message: type byte, length, body. */
const message = (type: string, body: Buffer = Buffer.alloc(0)) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, "latin1");
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
const cstring = (s: string) => Buffer.from(`${s}\0`, "utf8");

/**
 * A server that speaks just enough of the PostgreSQL protocol: it lets a client in, completes
 * its first statement (BEGIN) and closes the connection when the second one arrives.
 */
function serverThatDropsTheSecondStatement(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket: Socket) => {
      let statements = 0;
      let started = false;
      socket.on("error", () => undefined);
      socket.on("data", () => {
        if (!started) {
          started = true;
          const ready = message("Z", Buffer.from("I"));
          const auth = message("R", Buffer.from([0, 0, 0, 0]));
          return socket.write(Buffer.concat([auth, ready]));
        }
        statements++;
        if (statements === 1) {
          socket.write(
            Buffer.concat([
              message("1"), // ParseComplete
              message("2"), // BindComplete
              message("n"), // NoData
              message("C", cstring("BEGIN")),
              message("Z", Buffer.from("T")),
            ]),
          );
        } else socket.end();
      });
    });
    server.listen(0, "127.0.0.1", () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe("the database driver when a connection closes mid-transaction", () => {
  it("rejects the transaction with CONNECTION_CLOSED and keeps the process running", async () => {
    const { server, port } = await serverThatDropsTheSecondStatement();
    const sql = postgres({ host: "127.0.0.1", port, user: "x", database: "x", max: 1, fetch_types: false });
    cleanup = async () => {
      await sql.end({ timeout: 0 }).catch(() => undefined);
      await new Promise((r) => server.close(r));
    };
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.prependListener("uncaughtException", onUncaught);
    try {
      const outcome = await sql
        .begin(async (tx) => tx`select 1`)
        .then(
          () => "committed",
          (error: { code?: string }) => error.code,
        );
      // Let the immediates the driver queued run: the defect threw from one of them.
      await new Promise((r) => setTimeout(r, 50));
      expect(outcome).toBe("CONNECTION_CLOSED");
      expect(uncaught).toEqual([]);
    } finally {
      process.removeListener("uncaughtException", onUncaught);
    }
  });
});
