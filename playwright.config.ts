import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { DEMO_PORT, PRODUCTION_PORT } from "./tests/e2e/ports.ts";

// Debian's Chromium (apt install chromium); Playwright never downloads a browser here.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromiumPath)) {
  throw new Error(
    `No Chromium at ${chromiumPath}. Install it (apt-get install chromium) or set CHROMIUM_PATH. End-to-end tests never skip silently.`,
  );
}

const dataRoot = ".cache/e2e";

export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${DEMO_PORT}`,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      // The built app, demo mode, fresh embedded database each run.
      command: `rm -rf ${dataRoot}/demo && node --import tsx server.ts`,
      url: `http://localhost:${DEMO_PORT}/healthz`,
      env: {
        PORT: String(DEMO_PORT),
        DATA_DIR: `${dataRoot}/demo`,
        SEED: "demo",
        APP_ENV: "demo",
        DATABASE_URL: "",
        OVERSIGHT_JOB_MS: "1000",
        // Campaigns are drawn from the next signed checkpoint (decision 045): sign often in tests.
        LOG_CHECKPOINT_MS: "1000",
      },
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // Production mode: no demo accounts; the first administrator comes from user:create.
      command:
        `rm -rf ${dataRoot}/production && USER_PASSWORD='first administrator passphrase' ` +
        `node --import tsx scripts/user-create.ts --username chief --name 首任管理员 && node --import tsx server.ts`,
      url: `http://localhost:${PRODUCTION_PORT}/healthz`,
      env: {
        PORT: String(PRODUCTION_PORT),
        DATA_DIR: `${dataRoot}/production`,
        APP_ENV: "production",
        SESSION_SECRET: "e2e-production-secret-0123456789abcdef",
        DATABASE_URL: "",
      },
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
  ],
});
