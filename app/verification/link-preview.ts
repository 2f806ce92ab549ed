/**
 * Who fetches a scan link without being a shopper: chat apps building a link card when a QR
 * link is shared, search engines, and HEAD requests (link checkers; nobody sees a page). Their
 * fetches must not add to a label's count, or a shared link would push a genuine label over the
 * "checked too often" warning and raise an alert. They are still logged (channel `preview`) and
 * limited like any lookup, so a scraper setting one of these agents leaves a trace (decision 014).
 *
 * Named agents only: a catch-all "bot" would also match phones such as the CUBOT X30, and the
 * WeChat and Alipay in-app browsers (MicroMessenger, AlipayClient) are shoppers.
 */
const PREVIEW_AGENTS = new RegExp(
  [
    "facebookexternalhit",
    "facebookcatalog",
    "meta-externalagent",
    "twitterbot",
    "slackbot",
    "telegrambot",
    "discordbot",
    "linkedinbot",
    "whatsapp/",
    "skypeuripreview",
    "embedly",
    "googlebot",
    "google-inspectiontool",
    "bingbot",
    "applebot",
    "yandexbot",
    "duckduckbot",
    "baiduspider",
    "bytespider",
    "yisouspider",
    "sogou web spider",
    "360spider",
    "petalbot",
    "dingtalkbot",
  ]
    .map((s) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"))
    .join("|"),
  "i",
);

export function isLinkPreview(method: string, userAgent: string | null): boolean {
  return method.toUpperCase() === "HEAD" || (userAgent !== null && PREVIEW_AGENTS.test(userAgent));
}
