import { apiLang } from "#app/i18n/request-lang.ts";
import { getEnv } from "#app/env.server.ts";
import { translator, type Lang } from "#app/i18n/i18n.ts";
import type { CheckResult } from "./bulk-check.server.ts";

/** Results leave in slices of this many rows, so a 10,000-row answer is never one big string. */
const SLICE = 500;

/** One row as the API answers it (documented in app/http/openapi.ts). */
function rowJson(result: CheckResult, origin: string, lang: Lang) {
  if (!result.valid) {
    const { row, uscc, mark, date, problem, params } = result;
    return {
      row,
      valid: false,
      uscc,
      mark,
      date,
      error: { code: problem, message: translator(lang)(problem, params) },
    };
  }
  const { row, uscc, mark, date, authorized, status, since, until, announcement, exitAnnouncement, enterpriseId } =
    result;
  return {
    row,
    valid: true,
    uscc,
    mark,
    date,
    authorized,
    status,
    since,
    until,
    announcement,
    exit_announcement: exitAnnouncement,
    register_url: enterpriseId
      ? `${origin}/registry/enterprises/${enterpriseId}`
      : `${origin}/marks/${encodeURIComponent(mark)}`,
  };
}

/**
 * The answer, streamed: NDJSON (one row a line) when the caller accepts it or sent NDJSON,
 * else one JSON object `{"results":[…]}` written slice by slice.
 */
export function checkResultsStream(request: Request, results: readonly CheckResult[]): Response {
  const url = new URL(request.url);
  const lang: Lang = apiLang(request);
  const env = getEnv();
  const origin = env.PUBLIC_ORIGIN ? new URL(env.PUBLIC_ORIGIN).origin : url.origin;
  const ndjson =
    /ndjson/i.test(request.headers.get("accept") ?? "") || /ndjson/i.test(request.headers.get("content-type") ?? "");
  const encoder = new TextEncoder();
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (!ndjson) controller.enqueue(encoder.encode(`{"count":${results.length},"results":[`));
    },
    pull(controller) {
      const slice = results.slice(at, at + SLICE).map((r) => JSON.stringify(rowJson(r, origin, lang)));
      const text = ndjson ? slice.map((s) => `${s}\n`).join("") : (at > 0 && slice.length ? "," : "") + slice.join(",");
      at += SLICE;
      if (text) controller.enqueue(encoder.encode(text));
      if (at >= results.length) {
        if (!ndjson) controller.enqueue(encoder.encode("]}"));
        controller.close();
      }
    },
  });
  return new Response(stream, {
    status: 200,
    headers: {
      "Content-Type": ndjson ? "application/x-ndjson; charset=utf-8" : "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "Access-Control-Allow-Origin": "*",
    },
  });
}
