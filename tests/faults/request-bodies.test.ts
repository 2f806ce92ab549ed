import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendChunked } from "../../scripts/lib/chunked-client.ts";
import { httpOk, startProcess, type Started } from "../../scripts/lib/processes.ts";

// The built app (production mode, embedded database) taking bodies with no Content-Length: the
// limits count the bytes that arrive, so a chunked upload is refused at the limit, not buffered.
// Beside this checkout's e2e ports (E2E_PORT, E2E_PORT + 1), so checkouts do not collide.
const PORT = Number(process.env.E2E_PORT ?? 3210) + 2;
const BASE = `http://127.0.0.1:${PORT}`;
const PASSWORD = "request bodies passphrase 2026";
const MB = 1024 * 1024;
let app: Started;
let dataDir = "";

const appEnv = () => ({
  PORT: String(PORT),
  HOST: "127.0.0.1",
  APP_ENV: "production",
  SESSION_SECRET: "fault-tests-secret-0123456789abcdef-0123",
  DATABASE_URL: "",
  DATA_DIR: dataDir,
});

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "gi-bodies-"));
  execFileSync(
    "node",
    ["--import", "tsx", "scripts/user-create.ts", "--username", "chief", "--name", "请求体测试管理员"],
    {
      env: { ...process.env, ...appEnv(), USER_PASSWORD: PASSWORD },
      stdio: "pipe",
    },
  );
  app = await startProcess("node", ["--import", "tsx", "server.ts"], appEnv(), () => httpOk(`${BASE}/healthz`));
}, 180_000);

afterAll(async () => {
  await app?.stop("SIGKILL");
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const send = (path: string, contentType: string, head: string, total: number) =>
  sendChunked({ port: PORT, path, contentType, head, total, serverPid: app.child.pid! });

const form = "application/x-www-form-urlencoded";

describe("request bodies without a Content-Length", () => {
  it("a 256 MB chunked sign-in is refused with 413 and never held in memory", async () => {
    const sent = await send("/login", form, "username=chief&password=x&redirectTo=", 256 * MB);
    expect(sent.status).toBe(413);
    expect(sent.body).toContain("提交的内容过大");
    expect(sent.body).toContain("64 KB");
    // The body is refused at 64 KB and the rest thrown away as it arrives (32 MB at most): the
    // process does not grow by anything like the body's size.
    expect(sent.rssGrowth).toBeLessThan(64 * MB);
    // The server stopped reading after 64 KB + 32 MB thrown away: most of the body was never taken.
    expect(sent.written).toBeLessThan(128 * MB);
    expect(app.output()).not.toMatch(/unhandled|uncaught/i);
  });

  it("a chunked sign-in just under the form limit signs in", async () => {
    const head = `username=chief&password=${encodeURIComponent(PASSWORD)}&redirectTo=%2Fadmin%2Faudit&pad=`;
    const sent = await send("/login", form, head, 60 * 1024);
    expect(sent.status).toBe(302);
    expect(sent.location).toBe("/admin/audit");
  });

  it("a chunked upload past 32 MB is a 413, and the server keeps answering", async () => {
    const boundary = "----bodies";
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="photos"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
    const sent = await send("/reports/new", `multipart/form-data; boundary=${boundary}`, head, 96 * MB);
    expect(sent.status).toBe(413);
    expect(sent.body).toContain("32 MB");
    expect(sent.rssGrowth).toBeLessThan(96 * MB);
    expect((await fetch(`${BASE}/healthz`)).status).toBe(200);
  });
});
