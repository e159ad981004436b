import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derToP1363, p1363ToDer } from "../../src/verify/ecdsa-der.ts";

const hex = (text: string): Uint8Array =>
  Uint8Array.from(Buffer.from(text.replace(/\s+/g, ""), "hex"));
const r32 = "11".repeat(32);
const s32 = "22".repeat(32);

describe("DER <-> P1363 ECDSA signatures", () => {
  it("round-trips any r||s, including leading zero bytes and high bits", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (raw) => {
        // r and s are never zero in a real signature.
        fc.pre(
          raw.subarray(0, 32).some((byte) => byte !== 0) &&
            raw.subarray(32).some((byte) => byte !== 0),
        );
        expect(derToP1363(p1363ToDer(raw), 32)).toEqual(raw);
      }),
      { numRuns: 500 },
    );
  });

  it("left-pads a short component and drops a sign byte", () => {
    const der = hex(`3044 021f ${"7f".repeat(31)} 0221 00${"80".repeat(32)}`);
    expect(Buffer.from(derToP1363(der, 32) ?? []).toString("hex")).toBe(
      `00${"7f".repeat(31)}${"80".repeat(32)}`,
    );
  });

  it("rejects anything that is not strict DER", () => {
    const good = hex(`3044 0220 ${r32} 0220 ${s32}`);
    expect(derToP1363(good, 32)).toBeDefined();
    const cases: Record<string, string> = {
      "wrong outer tag": `3144 0220 ${r32} 0220 ${s32}`,
      "outer length too long": `3045 0220 ${r32} 0220 ${s32}`,
      "trailing byte": `3045 0220 ${r32} 0220 ${s32} 00`,
      "wrong integer tag": `3044 0320 ${r32} 0220 ${s32}`,
      "negative r": `3044 0220 ${"81".repeat(32)} 0220 ${s32}`,
      "non-minimal r (needless 0x00)": `3045 0221 00${r32} 0220 ${s32}`,
      "zero s": `3025 0220 ${r32} 0201 00`,
      "empty s": `3024 0220 ${r32} 0200`,
      "r longer than 32 bytes": `3046 0222 01${r32}00 0220 ${s32}`,
      "long-form length for a short value": `308144 0220 ${r32} 0220 ${s32}`,
      truncated: `3044 0220 ${r32} 0220 ${s32.slice(0, 20)}`,
      empty: "",
    };
    for (const [name, text] of Object.entries(cases))
      expect(derToP1363(hex(text), 32), name).toBeUndefined();
  });
});
