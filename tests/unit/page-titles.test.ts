import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { translator } from "#app/i18n/i18n.ts";
import { pageTitle, titled } from "#app/ui/page-title.ts";

// Issue 14, item 9: one <title> per page, naming the page, in the reader's language.
const routes = resolve(import.meta.dirname, "../../app/routes");
const pages = readdirSync(routes)
  .filter((f) => f.endsWith(".tsx"))
  .map((f) => ({ file: f, text: readFileSync(join(routes, f), "utf8") }))
  .filter((r) => /export default function/.test(r.text));

describe("page titles", () => {
  it("every page names itself through its handle, and no route's meta adds a second <title>", () => {
    expect(pages.length).toBeGreaterThan(30);
    expect(pages.filter((r) => !/export const handle = titled/.test(r.text)).map((r) => r.file)).toEqual([]);
    const metaTitles = pages.filter((r) => /title:/.test(/export const meta[\s\S]*?;\n/.exec(r.text)?.[0] ?? ""));
    expect(metaTitles.map((r) => r.file)).toEqual([]);
  });

  it("names the deepest titled page first, then the system, in both languages", () => {
    const matches = [{ handle: undefined, data: { lang: "en" } }, titledMatch(titled("dashboard.title"), {})];
    expect(pageTitle(matches, translator("zh-CN"))).toBe("监管看板 · 地理标志专用标志平台");
    expect(pageTitle(matches, translator("en"))).toMatch(/^Supervision dashboard · /);
    const named = [
      titledMatch(
        titled<() => { name: string }>((_t, d) => d.name),
        { name: "安化黑茶" },
      ),
    ];
    expect(pageTitle(named, translator("zh-CN"))).toBe("安化黑茶 · 地理标志专用标志平台");
    // A page whose loader did not answer falls back to the system's name; an error names itself.
    expect(pageTitle([titledMatch(named[0]!.handle, undefined)], translator("zh-CN"))).toBe(
      translator("zh-CN")("app.name"),
    );
    expect(pageTitle(matches, translator("zh-CN"), "页面不存在")).toBe("页面不存在 · 地理标志专用标志平台");
  });
});

function titledMatch(handle: ReturnType<typeof titled>, data: unknown) {
  return { handle, data };
}
