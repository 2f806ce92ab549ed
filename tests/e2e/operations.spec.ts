import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { demo, signInApi } from "./helpers.ts";

test("/metrics: refused to the public, Prometheus text for an administrator, counting scans by verdict", async ({
  request,
  baseURL,
}) => {
  const anonymous = await request.get("/metrics");
  expect(anonymous.status()).toBe(403);
  expect(await anonymous.text()).not.toContain("http_requests_total");

  await request.get("/v/NOT-A-CODE");
  expect((await signInApi(request, baseURL!, "admin", demo["admin"]!.password)).status()).toBe(302);
  const metrics = await request.get("/metrics");
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await metrics.text();
  expect(text).toMatch(/^scans_total\{verdict="invalid"\} [1-9]\d*$/m);
  expect(text).toMatch(/^http_requests_total\{group="verify",status="2xx"\} [1-9]\d*$/m);
  expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="\+Inf",group="verify"\} [1-9]\d*$/m);
  expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
  expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
  expect(text).toMatch(/^verify_scan_duration_seconds_count\{verdict="invalid",channel="page"\} [1-9]\d*$/m);
  expect(text).toMatch(/^# TYPE scans_total counter$/m);
  expect(text).toMatch(/^scan_log_pending \d+$/m);
  // Every series has HELP and TYPE, and Prometheus' own linter has nothing to say about it.
  for (const [, name] of text.matchAll(/^# TYPE (\S+) /gm)) expect(text).toContain(`# HELP ${name} `);
  const promtool = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  expect(promtool.error, "promtool (Debian package prometheus) must be installed").toBeUndefined();
  expect(`${promtool.stdout}${promtool.stderr}`.trim()).toBe("");
  expect(promtool.status).toBe(0);
});
