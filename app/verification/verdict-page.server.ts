import { formatDate, formatDateTime } from "#app/i18n/format.ts";
import { translator, type Lang, type Translate } from "#app/i18n/i18n.ts";
import { formatCode } from "#app/label-code/code.ts";
import { isProduction } from "#app/env.server.ts";
import { operator } from "#app/operator/operator.server.ts";
import { html, trusted, type SafeHtml } from "./html.ts";
import type { ScanAnswer } from "./verification.server.ts";
import { isVoidReason } from "#app/label/void-reasons.ts";
import type { Verdict } from "./verdict.server.ts";

type Answer = Extract<ScanAnswer, { kind: "answer" }>;

// The whole page's style: small enough to inline (no second request on a slow phone network).
const CSS =
  trusted(`*{box-sizing:border-box}body{margin:0;font:16px/1.55 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#1b1b1b;background:#f6f6f4}
main{max-width:34rem;margin:0 auto;padding:.75rem}header{display:flex;justify-content:space-between;gap:.5rem;font-size:.9rem}
a{color:#0b4f8a}h1{font-size:1.9rem;line-height:1.2;margin:.2rem 0}.v{border:3px solid;border-radius:.6rem;padding:.9rem;margin:.75rem 0;background:#fff}
.v svg{width:3rem;height:3rem;float:left;margin-right:.6rem}.v p{clear:both;margin:.5rem 0 0}.ok{border-color:#1f7a3a}.ok h1{color:#1f7a3a}
.caution{border-color:#a35c00}.caution h1{color:#8a4d00}.bad{border-color:#b3261e}.bad h1{color:#b3261e}.count{font-weight:600}
.warn{border-left:5px solid #a35c00;background:#fff4e0;padding:.6rem}dl{background:#fff;border-radius:.5rem;padding:.6rem .9rem;margin:.75rem 0}
dt{font-size:.85rem;color:#555}dd{margin:0 0 .5rem;overflow-wrap:anywhere}.btn{display:block;text-align:center;padding:.75rem;border-radius:.5rem;background:#b3261e;color:#fff;font-weight:600;text-decoration:none;margin:.75rem 0}
.code{font-family:ui-monospace,monospace;overflow-wrap:anywhere}small{color:#555}form{margin:.75rem 0}input,button{font:inherit;padding:.6rem;width:100%}button{margin-top:.5rem}
.js-only{display:none}.fact{font-weight:600}.op{border-top:1px solid #ccc;margin-top:1rem}.op h2{font-size:1.1rem;margin:.6rem 0 0}`);

const ICON: Record<"ok" | "caution" | "bad", SafeHtml> = {
  ok: trusted('<path d="M6 17l7 7L26 9" fill="none" stroke="currentColor" stroke-width="4"/>'),
  caution: trusted('<path d="M16 3L30 28H2zM16 12v8M16 23v2" fill="none" stroke="currentColor" stroke-width="3"/>'),
  bad: trusted('<path d="M6 6l20 20M26 6L6 26" fill="none" stroke="currentColor" stroke-width="4"/>'),
};

/** Never colour alone: each tone has its own icon and the verdict in words. */
export const TONE: Record<Verdict, "ok" | "caution" | "bad"> = {
  genuine: "ok",
  genuine_exited: "caution",
  not_activated: "caution",
  suspended_user: "caution",
  voided: "bad",
  not_found: "bad",
  invalid: "bad",
};

function document(options: { lang: Lang; nonce: string; title: string; switchHref: string; body: SafeHtml }): string {
  const t = translator(options.lang);
  const other = options.lang === "en" ? "zh-CN" : "en";
  return `<!doctype html>${html`<html lang="${options.lang}">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width,initial-scale=1" />
      <meta name="robots" content="noindex" />
      <title>${options.title} · ${t("verify.title")}</title>
      <style nonce="${options.nonce}">
        ${CSS}
      </style>
    </head>
    <body>
      <main>
        <header>
          <a href="/v">${t("verify.checkAnother")}</a
          ><a href="${options.switchHref}" lang="${other}">${options.lang === "en" ? "中文" : "English"}</a>
        </header>
        ${options.body}
        <footer><small>${t("verify.privacy")}</small></footer>
      </main>
    </body>
  </html>`}`;
}

function verdictBox(tone: "ok" | "caution" | "bad", title: string, text: string): SafeHtml {
  return html`<section class="v ${tone}" aria-labelledby="verdict">
    <svg viewBox="0 0 32 32" aria-hidden="true">${ICON[tone]}</svg>
    <h1 id="verdict">${title}</h1>
    <p>${text}</p>
  </section>`;
}

function summaryOf(answer: Answer, t: Translate, lang: Lang): string {
  const f = answer.facts;
  if (answer.verdict === "genuine_exited" && f) {
    return t("verify.summary.genuine_exited", {
      activeFrom: f.activeFrom ? formatDate(f.activeFrom, lang) : "—",
      exitedOn: f.exitedOn ? formatDate(f.exitedOn, lang) : "—",
      reason: f.exitReason ? t(`exit.${f.exitReason}`) : "—",
    });
  }
  if (answer.verdict === "suspended_user" && f?.suspendedOn)
    return t("verify.summary.suspended_since", { since: f.suspendedOn });
  // A code generated but never printed is no printed label (issue 14, item 12).
  if (answer.verdict === "not_activated" && f?.labelStatus === "issued")
    return t("verify.summary.not_activated.issued");
  if (answer.verdict === "invalid")
    return t(`verify.problem.${answer.problem ?? "characters"}`, { n: answer.inputLength });
  return t(`verify.summary.${answer.verdict}`);
}

/** The label's own dated facts under the verdict: when it was collected, voided or spoiled, and what a suspension means for this product. */
function labelFact(answer: Answer, t: Translate): string | null {
  const f = answer.facts;
  if (!f) return null;
  const on = f.labelChangedOn;
  const reason = isVoidReason(f.voidReason) ? t(`labels.voidReason.${f.voidReason}`) : "—";
  if (f.labelStatus === "spoiled") return t("verify.fact.spoiled", { on, reason });
  if (f.labelStatus === "voided") return t("verify.fact.voided", { on, reason });
  if (f.labelStatus !== "collected") return null;
  if (answer.verdict === "suspended_user" && f.suspendedOn && f.productionDate) {
    return f.productionDate < f.suspendedOn
      ? t("verify.suspended.before", { made: f.productionDate, on })
      : t("verify.suspended.after", { made: f.productionDate });
  }
  return t("verify.fact.genuine", { on });
}

// The code (or, for a malformed one, what was typed) goes with the report, so it is not typed again.
const reportHref = (code: string | null) => `/reports/new${code ? `?code=${encodeURIComponent(code)}` : ""}`;

function facts(answer: Answer, t: Translate): SafeHtml | null {
  const f = answer.facts;
  if (!f) return null;
  const announcements = [
    // Which act each notice announced: the right granted, or its end (a suspension has none).
    f.entryAnnouncement ? `${t("punct.comma")}${t("verify.entryAnnouncement", { number: f.entryAnnouncement })}` : "",
    f.exitAnnouncement ? `${t("punct.semicolon")}${t("verify.exitAnnouncement", { number: f.exitAnnouncement })}` : "",
  ].join("");
  const product = f.product
    ? html`<dt>${t("verify.product")}</dt>
        <dd>${f.specification ? `${f.product}${t("punct.paren", { text: f.specification })}` : f.product}</dd>
        <dt>${t("verify.batch")}</dt>
        <dd>${f.batchNo}</dd>
        <dt>${t("verify.productionDate")}</dt>
        <dd>${f.productionDate}</dd>
        ${
          f.labelStatus === "collected"
            ? html`<dt>${t("verify.collectedOn")}</dt>
                <dd>${f.labelChangedOn}</dd>`
            : null
        }`
    : null;
  return html`<dl>
    <dt>${t("verify.mark")}</dt>
    <dd>${f.markName}${t("punct.paren", { text: t(`mark.kind.${f.markKind}`) })}</dd>
    <dt>${t("verify.enterprise")}</dt>
    <dd>${f.enterpriseName} <a href="/registry/enterprises/${f.enterpriseId}">${t("verify.registerLink")}</a></dd>
    <dt>${t("verify.uscc")}</dt>
    <dd class="code">${f.uscc}</dd>
    <dt>${t("verify.authorization")}</dt>
    <dd>${t(`status.${f.authorizationStatus}`)}${announcements}</dd>
    ${product}
  </dl>`;
}

/** Who runs this page and who supervises the mark, so a consumer can tell it from a clone (issue 14, item 11). */
function operatorSection(answer: Answer | null, t: Translate, lang: Lang, host: string | null): SafeHtml {
  const op = operator(lang);
  const f = answer?.facts ?? null;
  // A configured public address is the one to trust; the Host header only in the demo.
  const demoHost = host && !isProduction() && /^[A-Za-z0-9.:[\]-]{1,100}$/.test(host) ? host : null;
  const origin = op.origin ?? (demoHost ? `http://${demoHost}` : null);
  const hotline = f?.hotline ?? null;
  return html`<section class="op" aria-labelledby="operator">
    <h2 id="operator">${t("verify.operator.heading")}</h2>
    <dl>
      <dt>${t("verify.operator.name")}</dt>
      <dd>${op.name}</dd>
      ${
        op.address
          ? html`<dt>${t("verify.operator.address")}</dt>
              <dd>${op.address}</dd>`
          : null
      }
      ${
        f
          ? html`<dt>${t("verify.operator.authority")}</dt>
              <dd>
                ${f.supervisingAuthority ?? t("verify.operator.authorityFallback", { division: f.markDivisionName })}
              </dd>`
          : null
      }
      <dt>${t("verify.operator.hotline")}</dt>
      <dd>
        ${
          hotline
            ? html`<a href="tel:${hotline.replace(/[^0-9+]/g, "")}">${hotline}</a>`
            : html`<a href="tel:12315">${t("verify.operator.hotlineFallback")}</a>`
        }
      </dd>
    </dl>
    <p>${origin ? t("verify.operator.realAddress", { origin }) : t("verify.operator.realAddressUnknown")}</p>
  </section>`;
}

function manualForm(t: Translate, value: string, lang: Lang): SafeHtml {
  return html`<form method="get" action="/v">
    ${lang === "en" ? html`<input type="hidden" name="lang" value="en" />` : null}<label for="code"
      >${t("verify.manualField")}</label
    ><input
      id="code"
      name="code"
      value="${value.slice(0, 64)}"
      autocomplete="off"
      autocapitalize="characters"
      spellcheck="false"
      maxlength="64"
    /><button type="submit">${t("verify.manualSubmit")}</button>
  </form>`;
}

// Location needs the browser's permission prompt, hence script; without it the form stays hidden.
const LOCATION_SCRIPT = trusted(
  `(function(){var f=document.getElementById("loc");if(!f||!navigator.geolocation)return;f.className="";f.addEventListener("submit",function(e){e.preventDefault();navigator.geolocation.getCurrentPosition(function(p){f.lat.value=p.coords.latitude;f.lng.value=p.coords.longitude;f.submit()},function(){},{maximumAge:600000,timeout:10000})})})();`,
);

function locationForm(t: Translate, nonce: string, ref: string, code: string, view: string, lang: Lang): SafeHtml {
  return html`<form id="loc" class="js-only" method="post" action="/v/location">
      <input type="hidden" name="ref" value="${ref}" /><input type="hidden" name="code" value="${code}" /><input
        type="hidden"
        name="view"
        value="${view}"
      /><input type="hidden" name="lang" value="${lang}" /><input type="hidden" name="lat" /><input
        type="hidden"
        name="lng"
      /><button type="submit">${t("verify.shareLocation")}</button>
    </form>
    <script nonce="${nonce}">
      ${LOCATION_SCRIPT};
    </script>`;
}

/** The scan answer as one small HTML document: no client JavaScript needed, styles inline. */
export function renderVerdictPage(
  answer: Answer,
  options: { lang: Lang; nonce: string; input: string; located?: boolean; host?: string | null },
): string {
  const { lang, nonce } = options;
  const t = translator(lang);
  const other: Lang = lang === "en" ? "zh-CN" : "en";
  const switchHref = answer.code
    ? `/v/${answer.code}?lang=${other}&view=${answer.viewToken ?? ""}`
    : `/v?lang=${other}&code=${encodeURIComponent(options.input.slice(0, 64))}`;
  const title = t(`verify.verdict.${answer.verdict}`);
  const count = answer.scans
    ? t(options.located || answer.ref === null ? "verify.countAgain" : "verify.count", {
        n: answer.scans.count,
        // The one date-time formatter of every page (one cached Intl format per language).
        first: formatDateTime(answer.scans.firstScannedAt, lang),
      })
    : t("verify.countInvalid");
  const urgent = answer.verdict !== "genuine" || answer.suspicious;
  const fact = labelFact(answer, t);
  const body = html`${verdictBox(TONE[answer.verdict], title, summaryOf(answer, t, lang))}${
      fact ? html`<p class="fact">${fact}</p>` : null
    }
    <p class="count">${count}</p>
    ${
      answer.suspicious && answer.scans
        ? html`<p class="warn" role="alert">
            ${t("verify.warn", { n: answer.scans.count, threshold: answer.threshold })}
          </p>`
        : null
    }${facts(answer, t)}${
      answer.code && answer.facts ? html`<p><a href="/v/${answer.code}/proof">${t("log.proofLink")}</a></p>` : null
    }${
      answer.code
        ? html`<p>${t("verify.code")}: <span class="code">${formatCode(answer.code)}</span></p>`
        : manualForm(t, options.input, lang)
    }${urgent ? html`<a class="btn" href="${reportHref(answer.code ?? options.input)}">${t("verify.report")}</a>` : html`<p><a href="${reportHref(answer.code ?? options.input)}">${t("verify.report")}</a></p>`}${
      options.located ? html`<p role="status">${t("verify.locationShared")}</p>` : null
    }${answer.ref && answer.code ? locationForm(t, nonce, answer.ref, answer.code, answer.viewToken ?? "", lang) : null}${operatorSection(
      answer,
      t,
      lang,
      options.host ?? null,
    )}`;
  return document({ lang, nonce, title, switchHref, body });
}

/** 429 and 503 in the same lean document, with a way to try again. */
export function renderNoticePage(
  kind: "limited" | "unknownLimited" | "unavailable" | "serialOnly" | "linkMismatch",
  options: { lang: Lang; nonce: string; seconds: number; retryHref: string },
): string {
  const t = translator(options.lang);
  const other: Lang = options.lang === "en" ? "zh-CN" : "en";
  const title = t(`verify.${kind}.title`);
  const wait = { seconds: options.seconds, minutes: Math.ceil(options.seconds / 60) };
  const body = html`${verdictBox("caution", title, t(`verify.${kind}.body`, wait))}
    <p><a href="${options.retryHref}">${t("verify.manualSubmit")}</a></p>`;
  return document({
    lang: options.lang,
    nonce: options.nonce,
    title,
    switchHref: `${options.retryHref.split("?")[0]}?lang=${other}`,
    body,
  });
}

export function renderManualPage(options: { lang: Lang; nonce: string; value: string }): string {
  const t = translator(options.lang);
  const other: Lang = options.lang === "en" ? "zh-CN" : "en";
  const body = html`<h1>${t("verify.manualTitle")}</h1>
    <p>${t("verify.manualLead")}</p>
    ${manualForm(t, options.value, options.lang)}
    <p><a href="/reports/status">${t("report.statusTitle")}</a></p>`;
  return document({
    lang: options.lang,
    nonce: options.nonce,
    title: t("verify.manualTitle"),
    switchHref: `/v?lang=${other}`,
    body,
  });
}
