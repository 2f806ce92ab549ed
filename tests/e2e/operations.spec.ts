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
  expect(metrics.headers()["content-type"]).toContain("text/plain; version=0.0.4");
  const text = await metrics.text();
  expect(text).toMatch(/^scans_total\{verdict="invalid"\} [1-9]\d*$/m);
  expect(text).toMatch(/^http_requests_total\{group="verify",status="2xx"\} [1-9]\d*$/m);
  expect(text).toMatch(/^http_request_duration_seconds_bucket\{group="verify",le="\+Inf"\} [1-9]\d*$/m);
  expect(text).toMatch(/^nodejs_eventloop_delay_p99_seconds \d/m);
  expect(text).toMatch(/^scan_log_pending \d+$/m);
});
