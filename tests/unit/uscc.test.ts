import { describe, expect, it } from "vitest";
import { makeUscc, normalizeUscc, parseUscc, usccCheckCharacter, isValidOrgCode } from "#app/enterprise/uscc.ts";

// Real, published codes (national enterprise credit publicity system).
const PUBLISHED = ["91350100M000100Y43", "91110000802100433B", "914403001922038216"];

describe("unified social credit code (GB 32100)", () => {
  it.each(PUBLISHED)("accepts the published code %s", (code) => {
    expect(parseUscc(code)).toMatchObject({ ok: true, code });
  });

  it("normalises lowercase, spaces, hyphens and full-width characters", () => {
    const fullWidth = "９１３５０１００ｍ０００１００ｙ４３";
    expect(normalizeUscc(fullWidth)).toBe("91350100M000100Y43");
    expect(parseUscc(" 9135-0100 m000 100y43 ")).toMatchObject({ ok: true, code: "91350100M000100Y43" });
    expect(parseUscc(fullWidth).ok).toBe(true);
  });

  it("refuses a wrong check character and says where", () => {
    const code = PUBLISHED[0]!;
    const wrong = code.slice(0, 17) + (code[17] === "3" ? "4" : "3");
    expect(parseUscc(wrong)).toMatchObject({ ok: false, problem: "checkCharacter", position: 18 });
  });

  it("catches every single-character substitution in the first 17 characters", () => {
    const code = PUBLISHED[1]!;
    const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (let i = 0; i < 17; i++) {
      for (const ch of alphabet) {
        if (ch === code[i]) continue;
        const typo = code.slice(0, i) + ch + code.slice(i + 1);
        expect(parseUscc(typo).ok, typo).toBe(false);
      }
    }
  });

  it("names the letter O, which the standard never uses", () => {
    expect(parseUscc("91350100MOOO100Y43")).toMatchObject({ ok: false, problem: "letterO", position: 10 });
  });

  it("refuses wrong lengths and foreign characters", () => {
    expect(parseUscc("9135010")).toMatchObject({ ok: false, problem: "length" });
    expect(parseUscc("")).toMatchObject({ ok: false, problem: "empty" });
    expect(parseUscc("91350100M000100Y4!")).toMatchObject({ ok: false, problem: "characters", position: 18 });
  });

  it("flags, without refusing, an embedded organisation code whose own check fails", () => {
    const first17 = "91430923" + "12345678" + "0"; // org check for 12345678 is not 0
    const code = first17 + usccCheckCharacter(first17);
    const parsed = parseUscc(code);
    expect(parsed).toMatchObject({ ok: true, orgCodeValid: false, divisionCode: "430923" });
  });

  it("builds valid fixture codes", () => {
    const code = makeUscc("91", "430923", "MA4L0001");
    expect(parseUscc(code)).toMatchObject({ ok: true, orgCodeValid: true });
    expect(isValidOrgCode(code.slice(8, 17))).toBe(true);
  });
});
