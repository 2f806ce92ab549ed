import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics through prom-client: correct types, HELP on every series, the default
 * process and Node.js metrics. One registry per process, shared by the HTTP server and the Remix
 * build (two module graphs) through globalThis; Prometheus sums processes.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Metrics {
  registry: Registry;
  requests: Counter<"group" | "status">;
  durations: Histogram<"group">;
  scans: Histogram<"verdict" | "channel">;
  apiClientCalls: Counter<"client" | "endpoint" | "status">;
}

const KEY = Symbol.for("gi-mark-registry.metrics");

function metrics(): Metrics {
  const holder = globalThis as { [KEY]?: Metrics };
  if (!holder[KEY]) {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    // prom-client also names three gauges *_total, a suffix Prometheus reserves for counters
    // (promtool complains); their figures are in its nodejs_active_resources{type} gauge anyway.
    for (const name of ["nodejs_active_handles_total", "nodejs_active_requests_total", "nodejs_active_resources_total"])
      registry.removeSingleMetric(name);
    holder[KEY] = {
      registry,
      requests: new Counter({
        name: "http_requests_total",
        help: "HTTP requests answered, by route group and status class.",
        labelNames: ["group", "status"],
        registers: [registry],
      }),
      durations: new Histogram({
        name: "http_request_duration_seconds",
        help: "Time to answer an HTTP request, by route group.",
        labelNames: ["group"],
        buckets: BUCKETS,
        registers: [registry],
      }),
      scans: new Histogram({
        name: "verify_scan_duration_seconds",
        help: "Time to decide a scan's verdict (lookup, counting and the unknown-code floor), by verdict and channel.",
        labelNames: ["verdict", "channel"],
        buckets: BUCKETS,
        registers: [registry],
      }),
      apiClientCalls: new Counter({
        name: "api_client_calls_total",
        help: "Calls to the client API (bulk checks, webhooks), by client id, endpoint and status class.",
        labelNames: ["client", "endpoint", "status"],
        registers: [registry],
      }),
    };
  }
  return holder[KEY];
}

/** Which part of the system a path belongs to: a small, fixed set of label values. */
export function routeGroup(path: string): string {
  if (/^\/(v|api\/v1\/verify)\//i.test(path)) return "verify";
  if (path.startsWith("/api/")) return "api";
  if (path.startsWith("/assets/") || /\.(css|js|ico|png|svg|woff2?)$/.test(path)) return "static";
  if (path === "/healthz" || path === "/metrics") return "ops";
  return "page";
}

export function observeRequest(group: string, status: number, seconds: number) {
  const m = metrics();
  m.requests.inc({ group, status: `${Math.floor(status / 100)}xx` });
  m.durations.observe({ group }, seconds);
}

/** One scan answered with a verdict (the scan path's own histogram). */
export function observeScan(verdict: string, channel: string, seconds: number) {
  metrics().scans.observe({ verdict, channel }, seconds);
}

/** One call by an API client (decision 047): counted per client, whatever its answer. */
export function observeApiClientCall(client: string, endpoint: string, status: number) {
  metrics().apiClientCalls.inc({ client, endpoint, status: `${Math.floor(status / 100)}xx` });
}

function replace(name: string) {
  // A second registration (a test starting a second server in one process) takes over the name.
  metrics().registry.removeSingleMetric(name);
}

/** A value read when scraped (pending scans, pool size, …). */
export function gauge(name: string, help: string, read: () => number) {
  replace(name);
  new Gauge({
    name,
    help,
    registers: [metrics().registry],
    collect() {
      this.set(read());
    },
  });
}

/**
 * A counter whose running total is kept elsewhere (the scan log's own statistics): read when
 * scraped and advanced by the difference, so it only ever goes up, as a counter must.
 */
export function counter(name: string, help: string, read: () => number) {
  replace(name);
  let seen = 0;
  new Counter({
    name,
    help,
    registers: [metrics().registry],
    collect() {
      const now = read();
      if (now > seen) this.inc(now - seen);
      seen = Math.max(seen, now);
    },
  });
}

/** The same, with one label (scans by verdict). */
export function labelledCounter(name: string, help: string, label: string, read: () => Record<string, number>) {
  replace(name);
  const seen = new Map<string, number>();
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [metrics().registry],
    collect() {
      for (const [value, now] of Object.entries(read())) {
        const before = seen.get(value) ?? 0;
        if (now > before) this.inc({ [label]: value }, now - before);
        seen.set(value, Math.max(before, now));
      }
    },
  });
}

export function metricsContentType(): string {
  return metrics().registry.contentType;
}

export function renderMetrics(): Promise<string> {
  return metrics().registry.metrics();
}
