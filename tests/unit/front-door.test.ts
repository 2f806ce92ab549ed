import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

// Issue 14, items 20–21: what the README points to is in a fresh clone, and public/ holds what a
// public site is expected to serve.
const root = resolve(import.meta.dirname, "../..");
const tracked = execFileSync("git", ["ls-files"], { cwd: root, encoding: "utf8" }).split("\n").filter(Boolean);
const inClone = (path: string) => {
  const p = path.replace(/^\.\//, "").replace(/\/$/, "");
  return tracked.some((f) => f === p || f.startsWith(`${p}/`));
};
const readme = readFileSync(resolve(root, "README.md"), "utf8");

describe("README", () => {
  it("points only to files and folders a fresh clone has", () => {
    const linked = [...readme.matchAll(/\]\(([^)#\s]+)\)/g)].map((m) => m[1]!).filter((p) => !/^[a-z]+:/.test(p));
    const named = [...readme.matchAll(/`((?:\.\.\/|docs\/|public\/|scripts\/|tests\/|db\/|app\/)[^`\s…*<]*)`/g)].map(
      (m) => m[1]!,
    );
    expect(linked.length + named.length).toBeGreaterThan(3);
    const missing = [...linked, ...named].filter((p) => p.startsWith("../") || !inClone(p));
    expect(missing).toEqual([]);
    expect(inClone("docs/context/anhua-county-ip-plan.txt")).toBe(true);
  });
});

/** The most specific rule wins, as crawlers read robots.txt (RFC 9309): longest match, Allow on a tie. */
function allowed(robots: string, path: string): boolean {
  let best = { length: -1, allow: true };
  for (const line of robots.split("\n")) {
    const m = /^(Allow|Disallow):\s*(\S*)/i.exec(line.trim());
    if (!m || !m[2] || !path.startsWith(m[2])) continue;
    const allow = m[1]!.toLowerCase() === "allow";
    if (m[2].length > best.length || (m[2].length === best.length && allow)) best = { length: m[2].length, allow };
  }
  return best.allow;
}

describe("public/", () => {
  it("keeps scan pages and per-code URLs out of search engines, and lets the register and announcements in", () => {
    const robots = readFileSync(resolve(root, "public/robots.txt"), "utf8");
    expect(robots).toMatch(/^User-agent: \*$/m);
    for (const path of [
      "/v/ABCD0123456789ABCDEFGHJKMN*",
      "/V/ABCD0123456789ABCDEFGHJKMN*",
      "/v?code=ABC",
      "/01/09506000134352/21/ABCD",
      "/api/v1/verify/ABCD",
    ])
      expect(allowed(robots, path), path).toBe(false);
    for (const path of ["/marks", "/marks/anhua-dark-tea", "/announcements", "/announcements/1", "/", "/inspections"])
      expect(allowed(robots, path), path).toBe(true);
  });

  it("has a favicon, an SVG icon and a touch icon, and all are in a fresh clone", () => {
    const ico = readFileSync(resolve(root, "public/favicon.ico"));
    expect([...ico.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const touch = readFileSync(resolve(root, "public/apple-touch-icon.png"));
    expect(touch.subarray(1, 4).toString()).toBe("PNG");
    expect(touch.readUInt32BE(16)).toBe(180);
    expect(readFileSync(resolve(root, "public/favicon.svg"), "utf8")).toMatch(/^<svg /);
    for (const f of ["favicon.ico", "favicon.svg", "apple-touch-icon.png", "robots.txt"])
      expect(inClone(`public/${f}`), f).toBe(true);
  });

  it("security.txt carries the operator's contact from configuration and expires within a year (RFC 9116)", async () => {
    process.env.OPERATOR_NAME = "某县市场监督管理局";
    process.env.OPERATOR_CONTACT = "mailto:security@gi.example.gov.cn";
    process.env.PUBLIC_ORIGIN = "https://gi.example.gov.cn";
    const { securityTxt } = await import("#app/operator/operator.server.ts");
    const now = new Date("2026-12-06T00:00:00Z");
    const text = securityTxt(now);
    expect(text).toMatch(/^Contact: mailto:security@gi\.example\.gov\.cn$/m);
    expect(text).toMatch(/^Canonical: https:\/\/gi\.example\.gov\.cn\/\.well-known\/security\.txt$/m);
    expect(text).toContain("# 某县市场监督管理局");
    const expires = new Date(/^Expires: (\S+)$/m.exec(text)![1]!);
    expect(expires.getTime()).toBeGreaterThan(now.getTime());
    expect(expires.getTime() - now.getTime()).toBeLessThan(365 * 86_400_000);
  });
});
