import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "#app/http/safe-redirect.ts";

/** Where a browser on https://gi.example.gov.cn would land when given `location`. */
const landing = (location: string) => new URL(location, "https://gi.example.gov.cn/login").origin;

describe("safeRedirectPath: redirect targets from the user", () => {
  it("keeps paths on this site, query and fragment included", () => {
    expect(safeRedirectPath("/regulator/reports?status=open#list")).toBe("/regulator/reports?status=open#list");
    expect(safeRedirectPath("/marks/anhua-dark-tea")).toBe("/marks/anhua-dark-tea");
    // Chinese in a query becomes percent-encoded: a Location header must be ASCII.
    expect(safeRedirectPath("/marks?q=安化")).toBe("/marks?q=%E5%AE%89%E5%8C%96");
  });

  it.each([
    ["/\t/evil.example"],
    ["/\t\t/evil.example"],
    ["/\n/evil.example"],
    ["/\r\n/evil.example"],
    ["/a\r\nSet-Cookie: x=1"],
    ["/\\evil.example"],
    ["/\\/evil.example"],
    ["//evil.example"],
    ["///evil.example"],
    ["/%2F/evil.example"],
    ["/%2f%2fevil.example"],
    ["/%5C/evil.example"],
    ["/.//evil.example"],
    ["/..//evil.example"],
    ["https:evil.example"],
    ["https://evil.example/"],
    ["http:/\\evil.example"],
    ["javascript:alert(1)"],
    ["evil.example"],
    ["%2F%2Fevil.example"],
    ["/\u0000/evil.example"],
    [" //evil.example"],
    [""],
  ])("refuses %j", (target) => {
    expect(safeRedirectPath(target, "/home")).toBe("/home");
  });

  it("never returns anything a browser would follow off the site", () => {
    const tricky = ["/\t/e", "/\\e", "//e", "/%2F/e", "/./\t/e", "/a/../\\e", "/\u000b/e", "/\u001f/e"];
    for (const target of tricky) expect(landing(safeRedirectPath(target))).toBe("https://gi.example.gov.cn");
  });

  it("falls back for anything that is not a string", () => {
    expect(safeRedirectPath(null, "/x")).toBe("/x");
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(new File([], "a"), "/x")).toBe("/x");
  });
});
