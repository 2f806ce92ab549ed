import { describe, expect, it } from "vitest";
import { rootDataJson } from "#app/root-data.ts";

// The layout's data travels inside the page of a refused action (decision 060): whatever a display
// name says, it must not end the element it sits in, and must come back unchanged.
describe("the layout's data carried in a page", () => {
  it("cannot close its element or open a comment, and reads back the same", () => {
    const data = { user: { displayName: "</script><script>alert(1)</script><!-- \u2028\u2029 演示" }, lang: "en" };
    const carried = rootDataJson(data);
    expect(carried).not.toContain("<");
    expect(JSON.parse(carried)).toEqual(data);
  });
});
