import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createSession, findSessionUser, readSessionToken, sessionCookieName } from "#app/accounts/session.server.ts";
import { logger, useLogDestination } from "#app/logging/logger.server.ts";
import { withRequestLog } from "#app/logging/request-log.server.ts";
import { makeUser } from "#tests/support/factories.ts";
import { createTestDatabase, type TestDatabase } from "#tests/support/test-db.ts";

let t: TestDatabase;
let server: Server;
let base: string;
const lines: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  useLogDestination(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
        done();
      },
    }),
  );
  // The server's request wrapper around a handler that signs the caller in the way pages do.
  server = createServer((req, res) =>
    withRequestLog(req, res, () => {
      void findSessionUser(t.db, readSessionToken(req.headers.cookie ?? null)).then((user) => {
        res.statusCode = req.url?.startsWith("/missing") ? 404 : 200;
        res.end(user ? `hello ${user.username}` : "hello");
      });
    }),
  );
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.close();
  await t?.drop();
});

const logged = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

it("logs each request as one JSON line with its id, route, status, duration and user, and no session id", async () => {
  const user = await makeUser(t.db, "regulator", { divisionCode: "430923" });
  const { token, sessionId } = await createSession(t.db, user.id, { ipNetwork: "127.0.0.0/24", userAgent: "test" });
  const response = await fetch(`${base}/authorizations/0b7f9c1e-54a1-4f61-9d3f-8f4c2b1a0e55?token=${token}`, {
    headers: { cookie: `${sessionCookieName()}=${token}` },
  });
  expect(await response.text()).toBe(`hello ${user.username}`);
  const id = response.headers.get("x-request-id");
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const line = logged().find((l) => l.reqId === id);
  expect(line).toMatchObject({
    level: "info",
    msg: "request",
    method: "GET",
    route: "/authorizations/:id",
    status: 200,
    userId: user.id,
  });
  expect(typeof line!.durationMs).toBe("number");
  expect(typeof line!.time).toBe("string");
  const raw = lines.join("\n");
  expect(raw).not.toContain(token);
  expect(raw).not.toContain(sessionId);
});

it("keeps a proxy's request id, names the scan path without its code, and redacts secrets passed to the logger", async () => {
  const response = await fetch(`${base}/v/HXQ4ZK7M2P9R5T3W8Y6B`, { headers: { "x-request-id": "proxy-id-12345" } });
  expect(response.headers.get("x-request-id")).toBe("proxy-id-12345");
  const missing = await fetch(`${base}/missing`);
  expect(logged().find((l) => l.reqId === "proxy-id-12345")).toMatchObject({ route: "/v/:code", status: 200 });
  expect(logged().find((l) => l.reqId === missing.headers.get("x-request-id"))).toMatchObject({ status: 404 });
  expect(lines.join("\n")).not.toContain("HXQ4ZK7M2P9R5T3W8Y6B");

  logger.info({ password: "hunter2", sessionId: "s-1", nested: { token: "t-1", code: "C-1" } }, "secrets");
  const secretLine = lines.find((l) => l.includes('"secrets"'))!;
  for (const secret of ["hunter2", "s-1", "t-1", "C-1"]) expect(secretLine).not.toContain(secret);
  expect(secretLine).toContain("[redacted]");
});
