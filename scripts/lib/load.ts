import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

export interface LoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  /** 200 answers including the warm-up: what the server should have logged. */
  totalOk: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/**
 * A closed-loop HTTP driver: `concurrency` keep-alive connections, each sending its next request
 * when the previous answer has been read. The same driver measures the app and its baselines.
 */
export async function drive(options: {
  port: number;
  path: () => string;
  concurrency: number;
  seconds: number;
  warmupSeconds?: number;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const once = () =>
    new Promise<number>((resolve) => {
      const req = request(
        { host: "127.0.0.1", port: options.port, path: options.path(), agent, headers: { "User-Agent": "bench" } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", () => resolve(0));
      req.setTimeout(10_000, () => req.destroy());
      req.end();
    });
  let ok = 0;
  const run = async (seconds: number, record: boolean) => {
    const latencies: number[] = [];
    const statuses: Record<string, number> = {};
    const until = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < until) {
          const t0 = performance.now();
          const status = await once();
          if (status === 200) ok += 1;
          if (record) {
            latencies.push(performance.now() - t0);
            statuses[status] = (statuses[status] ?? 0) + 1;
          }
        }
      }),
    );
    return { latencies, statuses, elapsed: (performance.now() - started) / 1000 };
  };
  if (options.warmupSeconds) await run(options.warmupSeconds, false);
  const { latencies, statuses, elapsed } = await run(options.seconds, true);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const errors = latencies.length - (statuses["200"] ?? 0);
  return {
    requests: latencies.length,
    errors,
    statuses,
    totalOk: ok,
    rps: Math.round(latencies.length / elapsed),
    p50_ms: round(percentile(latencies, 50)),
    p99_ms: round(percentile(latencies, 99)),
  };
}
