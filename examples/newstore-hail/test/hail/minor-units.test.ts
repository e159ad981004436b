import { describe, expect, it } from "vitest";
import {
  currencyExponent,
  scaleDecimal,
  toMinorUnits,
  toPercentString,
} from "../../src/hail/minor-units.ts";

describe("toMinorUnits", () => {
  it("converts prices where multiplying the float by 100 drifts", () => {
    expect(0.29 * 100).not.toBe(29);
    expect(toMinorUnits(0.29, "USD")).toBe(29);
    expect(toMinorUnits(18.95, "USD")).toBe(1895);
    expect(toMinorUnits(1.15, "EUR")).toBe(115);
  });

  it("reads decimal strings as well as JSON numbers", () => {
    expect(toMinorUnits("24.50", "USD")).toBe(2450);
    expect(toMinorUnits("7", "USD")).toBe(700);
  });

  it("rounds extra precision once, half away from zero (1.005 → 101, where Math.round(1.005 * 100) gives 100)", () => {
    expect(Math.round(1.005 * 100)).toBe(100);
    expect(toMinorUnits(1.005, "USD")).toBe(101);
    expect(toMinorUnits("1.0049", "USD")).toBe(100);
    expect(scaleDecimal("-1.005", 2)).toBe(-101);
  });

  it("follows the currency's minor unit: 0 decimals for JPY, 3 for KWD", () => {
    expect(currencyExponent("JPY")).toBe(0);
    expect(currencyExponent("KWD")).toBe(3);
    expect(toMinorUnits(1480, "JPY")).toBe(1480);
    expect(toMinorUnits("1.235", "KWD")).toBe(1235);
  });

  it("refuses what is not a decimal or cannot be represented exactly", () => {
    expect(() => toMinorUnits("12,50", "EUR")).toThrow(RangeError);
    expect(() => toMinorUnits(Number.NaN, "EUR")).toThrow(RangeError);
    expect(() => toMinorUnits(1e20, "EUR")).toThrow(RangeError);
  });
});

describe("toPercentString", () => {
  it("writes a fractional rate as an exact percentage", () => {
    expect(toPercentString(0.08625)).toBe("8.625");
    expect(toPercentString("0.19")).toBe("19");
    expect(toPercentString(0)).toBe("0");
    expect(toPercentString(0.07)).toBe("7");
  });
});
