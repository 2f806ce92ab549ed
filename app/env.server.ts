import { z } from "zod";

const blankIsUnset = <T extends z.ZodTypeAny>(inner: T) => z.preprocess((v) => (v === "" ? undefined : v), inner);

const schema = z.object({
  APP_ENV: z.enum(["demo", "production"]).default("demo"),
  DATABASE_URL: blankIsUnset(z.string().url().startsWith("postgres").optional()),
  DATA_DIR: z.string().min(1).default("./data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  SESSION_SECRET: blankIsUnset(z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional()),
  SEED: z.enum(["demo", "none"]).default("demo"),
  TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  PUBLIC_ORIGIN: blankIsUnset(z.string().url().optional()),
  // Public verification (decisions 007 and 014): overrides of the scans per client network per minute and
  // the unknown or malformed answers per network per 10 minutes (defaults in app/rate-limit/rate-limit.server.ts),
  // and the floor both unknown and malformed answers wait for.
  VERIFY_RATE_LIMIT: blankIsUnset(z.coerce.number().int().min(1).optional()),
  VERIFY_MISS_LIMIT: blankIsUnset(z.coerce.number().int().min(1).optional()),
  // Calls per API client per minute (decision 047; default API_CALLS_PER_CLIENT_PER_MINUTE).
  API_CLIENT_RATE_LIMIT: blankIsUnset(z.coerce.number().int().min(1).optional()),
  VERIFY_MISS_FLOOR_MS: z.coerce.number().int().min(0).max(2000).default(150),
  SCAN_LOG: z.enum(["on", "off"]).default("on"),
  SCAN_FLUSH_MS: z.coerce.number().int().min(10).max(10_000).default(500),
  // How often the oversight job reads new scans for alerts and the dashboard (decision 008).
  // How often each process looks for due webhook deliveries (decision 047).
  WEBHOOK_DELIVERY_MS: z.coerce.number().int().min(200).max(600_000).default(2_000),
  OVERSIGHT_JOB_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  // Past one process (decision 021): Redis shares rate-limit windows and scan numbers across
  // processes and machines; keys start with REDIS_PREFIX. `npm run serve` forks WEB_CONCURRENCY workers.
  REDIS_URL: blankIsUnset(z.string().url().startsWith("redis").optional()),
  REDIS_PREFIX: z.string().min(1).max(64).default("gi:"),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  // "transaction" behind PgBouncer in transaction pooling: no named prepared statements.
  DATABASE_POOLER: z.enum(["none", "transaction"]).default("none"),
  // Streaming replicas for the scan lookup (decision 022), comma-separated, and the most lag trusted.
  DATABASE_REPLICA_URLS: blankIsUnset(
    z
      .string()
      .transform((v) =>
        v
          .split(",")
          .map((u) => u.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().url().startsWith("postgres")))
      .optional(),
  ),
  REPLICA_MAX_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  // Prometheus scrapes /metrics with "Authorization: Bearer <token>" (administrators may always).
  METRICS_TOKEN: blankIsUnset(z.string().min(16).optional()),
  // The public log (decision 017, docs/operations.md): its origin line and key name, the file
  // holding its signing key (generated into DATA_DIR when absent), how often a checkpoint is
  // signed while there are new leaves, the witnesses asked to cosign (vkey=URL, comma-separated)
  // and the logs this instance witnesses (their vkeys).
  LOG_ORIGIN: blankIsUnset(
    z
      .string()
      .regex(/^[^\s+]+$/, "LOG_ORIGIN must not contain spaces or +")
      .optional(),
  ),
  LOG_SIGNING_KEY_FILE: blankIsUnset(z.string().min(1).optional()),
  LOG_WITNESS_KEY_FILE: blankIsUnset(z.string().min(1).optional()),
  LOG_CHECKPOINT_MS: z.coerce.number().int().min(200).max(3_600_000).default(60_000),
  LOG_WITNESSES: z.string().default(""),
  LOG_WITNESSED_LOGS: z.string().default(""),
  // Who runs this instance (issue 14): named on every scan page and in /.well-known/security.txt.
  // OPERATOR_CONTACT is where security problems are reported (RFC 9116: a mailto:, https: or tel: URI).
  OPERATOR_NAME: blankIsUnset(z.string().trim().min(2).max(100).optional()),
  OPERATOR_NAME_EN: blankIsUnset(z.string().trim().min(2).max(150).optional()),
  OPERATOR_ADDRESS: blankIsUnset(z.string().trim().min(2).max(200).optional()),
  OPERATOR_CONTACT: blankIsUnset(
    z
      .string()
      .trim()
      .regex(
        /^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+|tel:\+?[0-9-]+)$/,
        "OPERATOR_CONTACT must be a mailto:, https: or tel: URI",
      )
      .optional(),
  ),
  // Notifications (decision 046): the SMTP server mail goes through (smtp:// or smtps://, user and
  // password in the URL), the sender's address, how often the queue is read; LOG_LEVEL and
  // LOG_PRETTY=1 (readable lines for development) for the JSON log.
  SMTP_URL: blankIsUnset(z.string().url().startsWith("smtp").optional()),
  MAIL_FROM: z.string().min(3).max(254).default("GI Mark Registry <no-reply@localhost>"),
  MAIL_QUEUE_MS: z.coerce.number().int().min(200).max(3_600_000).default(5_000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_PRETTY: z.enum(["0", "1"]).default("0"),
  // The share of scan-path requests logged (1: all). A benchmark may lower it; sampled lines say so.
  LOG_SCAN_SAMPLE: z.coerce.number().min(0).max(1).default(1),
});

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string };

const DEV_SECRET = "insecure-demo-secret-change-me-in-production-000";

function parseEnv(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  const env = parsed.data;
  if (env.APP_ENV === "production" && !env.SESSION_SECRET) {
    throw new Error("Invalid environment:\n  SESSION_SECRET: required when APP_ENV=production");
  }
  return { ...env, SESSION_SECRET: env.SESSION_SECRET ?? DEV_SECRET };
}

let cached: Env | undefined;
/** Parsed once, fails loudly at boot (server.ts calls it before listening). */
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

export const isProduction = () => getEnv().APP_ENV === "production";
