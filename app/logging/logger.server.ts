import pino, { type DestinationStream, type Logger } from "pino";
import { getEnv } from "#app/env.server.ts";

/**
 * The one logger (decision 046): JSON lines with level, time and message on stdout, LOG_LEVEL
 * deep, readable lines with LOG_PRETTY=1. Whatever a caller passes, these keys are replaced by
 * "[redacted]": a log reader must not be able to sign in as anyone or read a private label code.
 */
export const REDACTED_KEYS = [
  "password",
  "passwordHash",
  "token",
  "sessionId",
  "cookie",
  "authorization",
  "code",
  "codes",
  "secret",
] as const;

const redact = {
  paths: [
    ...REDACTED_KEYS,
    ...REDACTED_KEYS.map((k) => `*.${k}`),
    'req.headers["cookie"]',
    'req.headers["authorization"]',
  ],
  censor: "[redacted]",
};

export function createLogger(destination?: DestinationStream): Logger {
  const env = getEnv();
  const options = {
    level: env.LOG_LEVEL,
    redact,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  };
  if (destination) return pino(options, destination);
  if (env.LOG_PRETTY === "1") {
    return pino({ ...options, transport: { target: "pino-pretty", options: { translateTime: "SYS:standard" } } });
  }
  return pino(options);
}

let current: Logger | undefined;

/** The process's logger, made on first use. */
export const logger: Pick<Logger, "info" | "warn" | "error" | "debug" | "fatal"> = {
  info: (...args: Parameters<Logger["info"]>) => root().info(...args),
  warn: (...args: Parameters<Logger["warn"]>) => root().warn(...args),
  error: (...args: Parameters<Logger["error"]>) => root().error(...args),
  debug: (...args: Parameters<Logger["debug"]>) => root().debug(...args),
  fatal: (...args: Parameters<Logger["fatal"]>) => root().fatal(...args),
};

function root(): Logger {
  current ??= createLogger();
  return current;
}

/** Tests read what was logged: every later line goes to `destination` until the returned function is called. */
export function useLogDestination(destination: DestinationStream): () => void {
  const previous = current;
  current = createLogger(destination);
  return () => {
    current = previous;
  };
}
