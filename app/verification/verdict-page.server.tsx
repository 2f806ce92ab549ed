import { renderToStaticMarkup } from "react-dom/server";
import type { ReactNode } from "react";
import { translator, type Lang, type Translate } from "#app/i18n/i18n.ts";
import { formatCode } from "#app/label/code.ts";
import { formatDateTime } from "#app/ui/format.ts";
import type { ScanAnswer } from "./verification.server.ts";
import type { Verdict } from "./verdict.server.ts";

type Answer = Extract<ScanAnswer, { kind: "answer" }>;

// The whole page's style: small enough to inline (no second request on a slow phone network).
const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#f6f6f4}
main{max-width:34rem;margin:0 auto;padding:.75rem}header{display:flex;justify-content:space-between;gap:.5rem;font-size:.9rem}
a{color:#0b4f8a}h1{font-size:1.9rem;line-height:1.2;margin:.2rem 0}.v{border:3px solid;border-radius:.6rem;padding:.9rem;margin:.75rem 0;background:#fff}
.v svg{width:3rem;height:3rem;float:left;margin-right:.6rem}.v p{clear:both;margin:.5rem 0 0}.ok{border-color:#1f7a3a}.ok h1{color:#1f7a3a}
.caution{border-color:#a35c00}.caution h1{color:#8a4d00}.bad{border-color:#b3261e}.bad h1{color:#b3261e}.count{font-weight:600}
.warn{border-left:5px solid #a35c00;background:#fff4e0;padding:.6rem}dl{background:#fff;border-radius:.5rem;padding:.6rem .9rem;margin:.75rem 0}
dt{font-size:.85rem;color:#555}dd{margin:0 0 .5rem;overflow-wrap:anywhere}.btn{display:block;text-align:center;padding:.75rem;border-radius:.5rem;background:#b3261e;color:#fff;font-weight:600;text-decoration:none;margin:.75rem 0}
.code{font-family:ui-monospace,monospace;overflow-wrap:anywhere}small{color:#555}form{margin:.75rem 0}input,button{font:inherit;padding:.6rem;width:100%}button{margin-top:.5rem}
.js-only{display:none}`;

const ICON: Record<"ok" | "caution" | "bad", ReactNode> = {
  ok: <path d="M6 17l7 7L26 9" fill="none" stroke="currentColor" strokeWidth="4" />,
  caution: <path d="M16 3L30 28H2zM16 12v8M16 23v2" fill="none" stroke="currentColor" strokeWidth="3" />,
  bad: <path d="M6 6l20 20M26 6L6 26" fill="none" stroke="currentColor" strokeWidth="4" />,
};

export const TONE: Record<Verdict, "ok" | "caution" | "bad"> = {
  genuine: "ok",
  genuine_exited: "caution",
  not_activated: "caution",
  suspended_user: "caution",
  voided: "bad",
  not_found: "bad",
  invalid: "bad",
};

function Document({ lang, nonce, title, children, switchHref }: { lang: Lang; nonce: string; title: string; children: ReactNode; switchHref: string }) {
  const t = translator(lang);
  return (
    <html lang={lang}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${title} · ${t("verify.title")}`}</title>
        <style nonce={nonce} dangerouslySetInnerHTML={{ __html: CSS }} />
      </head>
      <body>
        <main>
          <header>
            <a href="/v">{t("verify.checkAnother")}</a>
            <a href={switchHref} lang={lang === "en" ? "zh-CN" : "en"}>
              {lang === "en" ? "中文" : "English"}
            </a>
          </header>
          {children}
          <footer>
            <small>{t("verify.privacy")}</small>
          </footer>
        </main>
      </body>
    </html>
  );
}

function Verdict({ verdict, t, children }: { verdict: Verdict; t: Translate; children?: ReactNode }) {
  const tone = TONE[verdict];
  return (
    <section className={`v ${tone}`} aria-labelledby="verdict">
      <svg viewBox="0 0 32 32" aria-hidden="true">
        {ICON[tone]}
      </svg>
      <h1 id="verdict">{t(`verify.verdict.${verdict}`)}</h1>
      {children}
    </section>
  );
}

function summaryOf(answer: Answer, t: Translate): string {
  const f = answer.facts;
  if (answer.verdict === "genuine_exited" && f) {
    return t("verify.summary.genuine_exited", { activeFrom: f.activeFrom ?? "—", exitedOn: f.exitedOn ?? "—", reason: f.exitReason ? t(`exit.${f.exitReason}`) : "—" });
  }
  if (answer.verdict === "invalid") {
    return t(`verify.problem.${answer.problem ?? "characters"}`, { n: answer.inputLength });
  }
  return t(`verify.summary.${answer.verdict}`);
}

const reportHref = (code: string | null) => `/reports/new${code ? `?code=${encodeURIComponent(code)}` : ""}`;

/** The scan answer as one small HTML document: no client JavaScript needed, styles inline. */
export function renderVerdictPage(answer: Answer, options: { lang: Lang; nonce: string; input: string; located?: boolean }): string {
  const { lang, nonce } = options;
  const t = translator(lang);
  const f = answer.facts;
  const other: Lang = lang === "en" ? "zh-CN" : "en";
  const switchHref = answer.code
    ? `/v/${answer.code}?lang=${other}&view=${answer.viewToken ?? ""}`
    : `/v?lang=${other}&code=${encodeURIComponent(options.input.slice(0, 64))}`;
  const first = answer.scans ? formatDateTime(answer.scans.firstScannedAt, lang) : "";
  const body = (
    <Document lang={lang} nonce={nonce} title={t(`verify.verdict.${answer.verdict}`)} switchHref={switchHref}>
      <Verdict verdict={answer.verdict} t={t}>
        <p>{summaryOf(answer, t)}</p>
      </Verdict>
      <p className="count">
        {answer.scans
          ? t(options.located || answer.ref === null ? "verify.countAgain" : "verify.count", { n: answer.scans.count, first })
          : t("verify.countInvalid")}
      </p>
      {answer.suspicious && answer.scans ? (
        <p className="warn" role="alert">
          {t("verify.warn", { n: answer.scans.count, threshold: answer.threshold })}
        </p>
      ) : null}
      {f ? (
        <dl>
          <dt>{t("verify.mark")}</dt>
          <dd>
            {f.markName}（{t(`mark.kind.${f.markKind}`)}）
          </dd>
          <dt>{t("verify.enterprise")}</dt>
          <dd>
            {f.enterpriseName} <a href={`/registry/enterprises/${f.enterpriseId}`}>{t("verify.registerLink")}</a>
          </dd>
          <dt>{t("verify.uscc")}</dt>
          <dd className="code">{f.uscc}</dd>
          <dt>{t("verify.authorization")}</dt>
          <dd>
            {t(`status.${f.authorizationStatus}`)}
            {f.entryAnnouncement ? `，${t("verify.announcement", { number: f.entryAnnouncement })}` : ""}
            {f.exitAnnouncement ? `；${t("verify.announcement", { number: f.exitAnnouncement })}` : ""}
          </dd>
          {f.product ? (
            <>
              <dt>{t("verify.product")}</dt>
              <dd>{f.specification ? `${f.product}（${f.specification}）` : f.product}</dd>
              <dt>{t("verify.batch")}</dt>
              <dd>{f.batchNo}</dd>
              <dt>{t("verify.productionDate")}</dt>
              <dd>{f.productionDate}</dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {answer.code ? (
        <p>
          {t("verify.code")}: <span className="code">{formatCode(answer.code)}</span>
        </p>
      ) : (
        <ManualForm t={t} value={options.input} lang={lang} />
      )}
      {answer.verdict !== "genuine" || answer.suspicious ? (
        <a className="btn" href={reportHref(answer.code)}>
          {t("verify.report")}
        </a>
      ) : (
        <p>
          <a href={reportHref(answer.code)}>{t("verify.report")}</a>
        </p>
      )}
      {options.located ? <p role="status">{t("verify.locationShared")}</p> : null}
      {answer.ref && answer.code ? <LocationForm t={t} nonce={nonce} refToken={answer.ref} code={answer.code} view={answer.viewToken ?? ""} lang={lang} /> : null}
    </Document>
  );
  return "<!doctype html>" + renderToStaticMarkup(body);
}

function ManualForm({ t, value, lang }: { t: Translate; value: string; lang: Lang }) {
  return (
    <form method="get" action="/v">
      {lang === "en" ? <input type="hidden" name="lang" value="en" /> : null}
      <label htmlFor="code">{t("verify.manualField")}</label>
      <input id="code" name="code" defaultValue={value.slice(0, 64)} autoComplete="off" autoCapitalize="characters" spellCheck={false} maxLength={64} />
      <button type="submit">{t("verify.manualSubmit")}</button>
    </form>
  );
}

// Location needs the browser's permission prompt, hence script; without it the form stays hidden.
const LOCATION_SCRIPT = `(function(){var f=document.getElementById("loc");if(!f||!navigator.geolocation)return;f.className="";f.addEventListener("submit",function(e){e.preventDefault();navigator.geolocation.getCurrentPosition(function(p){f.lat.value=p.coords.latitude;f.lng.value=p.coords.longitude;f.submit()},function(){},{maximumAge:600000,timeout:10000})})})();`;

function LocationForm({ t, nonce, refToken, code, view, lang }: { t: Translate; nonce: string; refToken: string; code: string; view: string; lang: Lang }) {
  return (
    <>
      <form id="loc" className="js-only" method="post" action="/v/location">
        <input type="hidden" name="ref" value={refToken} />
        <input type="hidden" name="code" value={code} />
        <input type="hidden" name="view" value={view} />
        <input type="hidden" name="lang" value={lang} />
        <input type="hidden" name="lat" />
        <input type="hidden" name="lng" />
        <button type="submit">{t("verify.shareLocation")}</button>
      </form>
      <script nonce={nonce} dangerouslySetInnerHTML={{ __html: LOCATION_SCRIPT }} />
    </>
  );
}

/** 429 and 503 in the same lean document, with a way to try again. */
export function renderNoticePage(kind: "limited" | "unavailable", options: { lang: Lang; nonce: string; seconds: number; retryHref: string }): string {
  const t = translator(options.lang);
  const other: Lang = options.lang === "en" ? "zh-CN" : "en";
  const body = (
    <Document lang={options.lang} nonce={options.nonce} title={t(`verify.${kind}.title`)} switchHref={`${options.retryHref.split("?")[0]}?lang=${other}`}>
      <section className="v caution" aria-labelledby="verdict">
        <svg viewBox="0 0 32 32" aria-hidden="true">
          {ICON.caution}
        </svg>
        <h1 id="verdict">{t(`verify.${kind}.title`)}</h1>
        <p>{t(`verify.${kind}.body`, { seconds: options.seconds })}</p>
      </section>
      <p>
        <a href={options.retryHref}>{t("verify.manualSubmit")}</a>
      </p>
    </Document>
  );
  return "<!doctype html>" + renderToStaticMarkup(body);
}

export function renderManualPage(options: { lang: Lang; nonce: string; value: string }): string {
  const t = translator(options.lang);
  const other: Lang = options.lang === "en" ? "zh-CN" : "en";
  const body = (
    <Document lang={options.lang} nonce={options.nonce} title={t("verify.manualTitle")} switchHref={`/v?lang=${other}`}>
      <h1>{t("verify.manualTitle")}</h1>
      <p>{t("verify.manualLead")}</p>
      <ManualForm t={t} value={options.value} lang={options.lang} />
      <p>
        <a href="/reports/status">{t("report.statusTitle")}</a>
      </p>
    </Document>
  );
  return "<!doctype html>" + renderToStaticMarkup(body);
}
