import { describe, expect, it } from "vitest";
import { notePageAccount, PAGE_ACCOUNT_HEADER, signedInInsteadOf } from "#app/page-account.ts";

const post = (sent?: string) =>
  new Request("http://localhost/regulator/inspections", {
    method: "POST",
    headers: sent === undefined ? {} : { [PAGE_ACCOUNT_HEADER]: sent },
  });
const zhashui = { username: "regulator.zhashui", displayName: "柞水县市场监管局" };

describe("a page drawn for one account, sent as another", () => {
  it("is noted with the name signed in now; the same account, no header or a garbled one are not", () => {
    const stale = post("regulator.anhua");
    notePageAccount(stale, zhashui);
    expect(signedInInsteadOf(stale)).toBe("柞水县市场监管局");
    for (const sent of ["regulator.zhashui", undefined, "", "%E0%A4%A"]) {
      const request = post(sent);
      notePageAccount(request, zhashui);
      expect(signedInInsteadOf(request), String(sent)).toBeUndefined();
    }
  });

  it("reads an account name that is not ASCII, as the page's script encodes it", () => {
    const request = post(encodeURIComponent("监管.安化"));
    notePageAccount(request, { username: "监管.安化", displayName: "安化" });
    expect(signedInInsteadOf(request)).toBeUndefined();
  });
});
