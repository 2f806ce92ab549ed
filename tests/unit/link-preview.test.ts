import { describe, expect, it } from "vitest";
import { isLinkPreview } from "#app/verification/link-preview.ts";

// User agents as these clients send them.
const SHOPPERS = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.49(0x18003130) NetType/WIFI Language/zh_CN",
  "Mozilla/5.0 (Linux; U; Android 13; zh-CN; V2217A Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/105.0.5195.136 Mobile Safari/537.36 AlipayClient/10.5.86.8000",
  "Mozilla/5.0 (Linux; Android 12; CUBOT X30 Build/SP1A.210812.016) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14; 23127PN0CC Build/UKQ1.230804.001) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 XiaoMi/MiuiBrowser/18.4.30",
  "curl/8.5.0",
];
const PREVIEWS = [
  "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
  "TelegramBot (like TwitterBot)",
  "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
  "WhatsApp/2.23.20.0",
  "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
  "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)",
  "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
  "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
];

describe("link previews and crawlers", () => {
  it.each(SHOPPERS)("a shopper's browser counts: %s", (ua) => {
    expect(isLinkPreview("GET", ua)).toBe(false);
  });
  it.each(PREVIEWS)("a link card or crawler does not: %s", (ua) => {
    expect(isLinkPreview("GET", ua)).toBe(true);
  });
  it("a HEAD request never counts, whoever sends it; no user agent is a shopper", () => {
    expect(isLinkPreview("HEAD", SHOPPERS[0]!)).toBe(true);
    expect(isLinkPreview("head", null)).toBe(true);
    expect(isLinkPreview("GET", null)).toBe(false);
  });
});
