import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/errors.ts";
import {
  assertWithinTolerance,
  assertWithinToleranceMs,
  DEFAULT_TOLERANCE,
  parseUnixMilliseconds,
  parseUnixSeconds,
  resolveTolerance,
} from "../../src/verify/timestamp.ts";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}

describe("parseUnixSeconds", () => {
  it("parses canonical decimal integers", () => {
    expect(parseUnixSeconds("1614265330")).toBe(1614265330);
    expect(parseUnixSeconds("0")).toBe(0);
    expect(parseUnixMilliseconds("1767225600000")).toBe(1767225600000);
  });

  it.each([
    null,
    "",
    " 1614265330",
    "1614265330 ",
    "+1614265330",
    "-1",
    "01614265330",
    "1614265330.0",
    "1.6e9",
    "0x10",
    "1614265330abc",
    "1234567890123456",
  ])(
    "rejects %j as TIMESTAMP_INVALID (SDKs that parseInt would sign a different string)",
    (text) => {
      expect(codeOf(() => parseUnixSeconds(text))).toBe("TIMESTAMP_INVALID");
    },
  );
});

describe("assertWithinTolerance", () => {
  const now = 1_700_000_000_000;
  const ts = now / 1000;
  const tolerance = { pastSeconds: 300, futureSeconds: 60 };

  it("accepts both boundaries and rejects one second beyond them", () => {
    expect(codeOf(() => assertWithinTolerance(ts - 300, now, tolerance))).toBeUndefined();
    expect(codeOf(() => assertWithinTolerance(ts - 301, now, tolerance))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(codeOf(() => assertWithinTolerance(ts + 60, now, tolerance))).toBeUndefined();
    expect(codeOf(() => assertWithinTolerance(ts + 61, now, tolerance))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("floors now to whole seconds, as the reference SDKs do", () => {
    expect(codeOf(() => assertWithinTolerance(ts - 300, now + 999, tolerance))).toBeUndefined();
  });

  it("Infinity turns one direction off", () => {
    expect(
      codeOf(() =>
        assertWithinTolerance(ts + 1e9, now, { pastSeconds: 300, futureSeconds: Infinity }),
      ),
    ).toBeUndefined();
  });

  it("checks millisecond timestamps against a tolerance in seconds", () => {
    expect(codeOf(() => assertWithinToleranceMs(now - 300_000, now, tolerance))).toBeUndefined();
    expect(codeOf(() => assertWithinToleranceMs(now - 300_001, now, tolerance))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
    expect(codeOf(() => assertWithinToleranceMs(now + 60_001, now, tolerance))).toBe(
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });
});

describe("resolveTolerance", () => {
  it("fills missing directions from the defaults and takes a number for both", () => {
    expect(resolveTolerance(undefined, DEFAULT_TOLERANCE)).toEqual({
      pastSeconds: 300,
      futureSeconds: 300,
    });
    expect(resolveTolerance({ futureSeconds: 5 }, DEFAULT_TOLERANCE)).toEqual({
      pastSeconds: 300,
      futureSeconds: 5,
    });
    expect(resolveTolerance(30, DEFAULT_TOLERANCE)).toEqual({ pastSeconds: 30, futureSeconds: 30 });
    expect(resolveTolerance({ pastSeconds: 0 }, DEFAULT_TOLERANCE).pastSeconds).toBe(0);
  });

  it.each([-1, Number.NaN])("rejects %s with a ConfigurationError naming the option", (value) => {
    expect(() => resolveTolerance({ pastSeconds: value }, DEFAULT_TOLERANCE)).toThrow(
      ConfigurationError,
    );
    expect(() => resolveTolerance({ pastSeconds: value }, DEFAULT_TOLERANCE)).toThrow(
      /`tolerance.pastSeconds`/,
    );
  });
});
