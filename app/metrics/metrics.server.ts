import { monitorEventLoopDelay, type IntervalHistogram } from "node:perf_hooks";

/**
 * Process-local metrics in Prometheus text format. One registry per process, shared by the HTTP
 * server and the Remix build (two module graphs) through globalThis; Prometheus sums processes.
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

interface Registry {
  requests: Map<string, number>;
  durations: Map<string, Histogram>;
  gauges: Map<string, () => number>;
  counters: Map<string, () => Record<string, number>>;
  loop: IntervalHistogram;
  started: number;
}

const KEY = Symbol.for("gi-mark-registry.metrics");

export function registry(): Registry {
  const holder = globalThis as { [KEY]?: Registry };
  if (!holder[KEY]) {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    holder[KEY] = {
      requests: new Map(),
      durations: new Map(),
      gauges: new Map(),
      counters: new Map(),
      loop,
      started: Date.now(),
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
  const r = registry();
  const key = `${group}|${Math.floor(status / 100)}xx`;
  r.requests.set(key, (r.requests.get(key) ?? 0) + 1);
  let h = r.durations.get(group);
  if (!h) r.durations.set(group, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }));
  for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]! += 1;
  h.sum += seconds;
  h.count += 1;
}

/** A value read when scraped (pending scans, pool size, …). */
export function gauge(name: string, read: () => number) {
  registry().gauges.set(name, read);
}

/** A labelled counter read when scraped, e.g. scans by verdict. */
export function labelledCounter(name: string, read: () => Record<string, number>) {
  registry().counters.set(name, read);
}

const label = (v: string) => v.replace(/["\\\n]/g, "_");

export function renderMetrics(): string {
  const r = registry();
  const lines: string[] = [];
  lines.push(
    "# HELP http_requests_total HTTP requests by route group and status class.",
    "# TYPE http_requests_total counter",
  );
  for (const [key, n] of r.requests) {
    const [group, status] = key.split("|");
    lines.push(`http_requests_total{group="${label(group!)}",status="${status}"} ${n}`);
  }
  lines.push(
    "# HELP http_request_duration_seconds Time to answer, by route group.",
    "# TYPE http_request_duration_seconds histogram",
  );
  for (const [group, h] of r.durations) {
    BUCKETS.forEach((b, i) =>
      lines.push(`http_request_duration_seconds_bucket{group="${label(group)}",le="${b}"} ${h.counts[i]}`),
    );
    lines.push(`http_request_duration_seconds_bucket{group="${label(group)}",le="+Inf"} ${h.count}`);
    lines.push(
      `http_request_duration_seconds_sum{group="${label(group)}"} ${h.sum.toFixed(6)}`,
      `http_request_duration_seconds_count{group="${label(group)}"} ${h.count}`,
    );
  }
  for (const [name, read] of r.counters) {
    lines.push(`# TYPE ${name} counter`);
    for (const [k, v] of Object.entries(read())) lines.push(`${name}{verdict="${label(k)}"} ${v}`);
  }
  for (const [name, read] of r.gauges) lines.push(`# TYPE ${name} gauge`, `${name} ${read()}`);
  const memory = process.memoryUsage();
  lines.push("# TYPE process_resident_memory_bytes gauge", `process_resident_memory_bytes ${memory.rss}`);
  lines.push("# TYPE nodejs_heap_used_bytes gauge", `nodejs_heap_used_bytes ${memory.heapUsed}`);
  lines.push(
    "# TYPE nodejs_eventloop_delay_p99_seconds gauge",
    `nodejs_eventloop_delay_p99_seconds ${(r.loop.percentile(99) / 1e9).toFixed(6)}`,
  );
  lines.push(
    "# TYPE process_uptime_seconds gauge",
    `process_uptime_seconds ${Math.round((Date.now() - r.started) / 1000)}`,
  );
  return lines.join("\n") + "\n";
}
