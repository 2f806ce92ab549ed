import { expect, it } from "vitest";
import { DEFAULT_PACK_GRAMS, labelCapacity, packGrams } from "#app/alert/declared-output.ts";

it("reads counted outputs as that many labels, with 万 and full-width digits", () => {
  expect(labelCapacity("5000 件")).toBe(5000);
  expect(labelCapacity("1.2万盒")).toBe(12_000);
  expect(labelCapacity("３０００瓶")).toBe(3000);
  expect(labelCapacity("湘绣挂屏 800 幅")).toBe(800);
});

it("divides a mass by the smallest recorded package, or by the default package", () => {
  expect(labelCapacity("20 吨", ["250g", "1000g"])).toBe(80_000);
  expect(labelCapacity("20 吨", ["半斤装"])).toBe((20_000 * 1000) / DEFAULT_PACK_GRAMS);
  expect(labelCapacity("300公斤", ["1斤"])).toBe(600);
  expect(labelCapacity("2 t", ["0.5kg"])).toBe(4000);
  expect(labelCapacity("20 吨")).toBe(400_000);
});

it("gives no estimate when the declaration names no quantity or an unknown unit", () => {
  expect(labelCapacity("视市场而定")).toBeNull();
  expect(labelCapacity("120 亩")).toBeNull();
  expect(labelCapacity("0 吨")).toBeNull();
});

it("reads package sizes from batch specifications", () => {
  expect(packGrams("250g")).toBe(250);
  expect(packGrams("1kg/盒")).toBe(1000);
  expect(packGrams("500克")).toBe(500);
  expect(packGrams("1斤")).toBe(500);
  expect(packGrams("礼盒装")).toBeNull();
  expect(packGrams(null)).toBeNull();
});
