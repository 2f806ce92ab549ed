import { DigitalLink } from "digital-link.js";
import { describe, expect, test } from "vitest";
import { parseGtin } from "#app/label/gtin.ts";
import { digitalLinkUri, resolverDescription } from "#app/label/digital-link.server.ts";

describe("GTIN", () => {
  test("8, 12, 13 and 14 digits with a right check digit are read as 14 digits", () => {
    expect(parseGtin("09506000134352")).toEqual({ ok: true, gtin: "09506000134352" });
    expect(parseGtin("4006381333931")).toEqual({ ok: true, gtin: "04006381333931" });
    expect(parseGtin("036000291452")).toEqual({ ok: true, gtin: "00036000291452" });
    expect(parseGtin("96385074")).toEqual({ ok: true, gtin: "00000096385074" });
    expect(parseGtin("６９０１２３４５６７８９２")).toEqual({ ok: true, gtin: "06901234567892" });
  });

  test("every single wrong digit is caught by the check digit", () => {
    const good = "09506000134352";
    for (let i = 0; i < good.length; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        expect(parseGtin(good.slice(0, i) + d + good.slice(i + 1)).ok, `${i}:${d}`).toBe(false);
      }
    }
    expect(parseGtin("0950600013435")).toEqual({ ok: false, problem: "check" });
    expect(parseGtin("12345")).toEqual({ ok: false, problem: "length" });
    expect(parseGtin("0950600013435A")).toEqual({ ok: false, problem: "digits" });
  });

  test("our Digital Link URIs parse with GS1's digital-link.js to the same GTIN and serial", () => {
    const uri = digitalLinkUri("https://gi.example.gov.cn", "09506000134352", "AHHJ-2026-00000001");
    const dl = DigitalLink(uri.replace("HTTPS://GI.EXAMPLE.GOV.CN", "https://gi.example.gov.cn"));
    expect(dl.isValid()).toBe(true);
    expect(dl.getIdentifier()).toEqual({ "01": "09506000134352" });
    expect(dl.getKeyQualifier("21")).toBe("AHHJ-2026-00000001");
  });

  test("the resolver describes itself with the description file's fields", () => {
    expect(resolverDescription("https://gi.example.gov.cn")).toEqual({
      name: "地理标志专用标志平台 · GI Mark Registry",
      resolverRoot: "https://gi.example.gov.cn",
      supportedPrimaryKeys: ["01"],
      supportedLinkType: [{ namespace: "https://gs1.org/voc/", prefix: "gs1:" }],
      linkTypeDefaultCanBeLinkset: false,
    });
  });
});
