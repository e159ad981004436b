import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  decodeBase64,
  decodeBase64Url,
  decodeHex,
  encodeBase64,
  encodeBase64Url,
  encodeHex,
} from "../../src/verify/encoding.ts";

const bytes = fc.uint8Array({ maxLength: 80 });

describe("encoding", () => {
  it("encodes exactly like Buffer for base64, base64url and hex", () => {
    fc.assert(
      fc.property(bytes, (data) => {
        const buffer = Buffer.from(data);
        expect(encodeBase64(data)).toBe(buffer.toString("base64"));
        expect(encodeBase64Url(data)).toBe(buffer.toString("base64url"));
        expect(encodeHex(data)).toBe(buffer.toString("hex"));
      }),
    );
  });

  it("round-trips every byte string", () => {
    fc.assert(
      fc.property(bytes, (data) => {
        expect(decodeBase64(encodeBase64(data))).toEqual(data);
        expect(decodeBase64Url(encodeBase64Url(data))).toEqual(data);
        expect(decodeHex(encodeHex(data))).toEqual(data);
        expect(decodeHex(encodeHex(data).toUpperCase())).toEqual(data);
      }),
    );
  });

  it("accepts only the canonical spelling of base64, so a signature has one accepted text", () => {
    // "00E=" is a case that once slipped past this property's own padding arithmetic.
    expect(decodeBase64Url("00E=")).toEqual(decodeBase64Url("00E"));
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const decoded = decodeBase64(text);
        if (decoded !== undefined) expect(encodeBase64(decoded)).toBe(text);
        const decodedUrl = decodeBase64Url(text);
        if (decodedUrl !== undefined) {
          const unpadded = encodeBase64Url(decodedUrl);
          const padded = unpadded + "=".repeat((4 - (unpadded.length % 4)) % 4);
          expect([unpadded, padded]).toContain(text);
        }
      }),
    );
  });

  it("decodes near-base64 text exactly when it is canonical, agreeing with Buffer on the bytes", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9+/]{0,14}={0,2}$/), (text) => {
        const decoded = decodeBase64(text);
        const canonical = Buffer.from(text, "base64").toString("base64") === text;
        expect(decoded !== undefined).toBe(canonical);
        if (decoded !== undefined)
          expect(Buffer.from(decoded)).toEqual(Buffer.from(text, "base64"));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["missing padding", "QQ"],
    ["non-zero trailing bits", "QR=="],
    ["too much padding", "QUFB===="],
    ["padding in the middle", "QQ==QUFB"],
    ["url alphabet", "-_-_"],
    ["whitespace", "QUFB "],
    ["non-ASCII", "QUF\u00e9"],
  ])("rejects base64 with %s", (_reason, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });

  it.each([
    ["odd length", "abc"],
    ["non-hex letter", "zz"],
    ["prefix", "0x00"],
    ["space", "00 "],
  ])("rejects hex with %s", (_reason, text) => {
    expect(decodeHex(text)).toBeUndefined();
  });

  it("rejects base64url with the standard alphabet or a bad length", () => {
    expect(decodeBase64Url("+/+/")).toBeUndefined();
    expect(decodeBase64Url("Q")).toBeUndefined();
    expect(decodeBase64Url("QQ=")).toBeUndefined();
    expect(decodeBase64Url("QQ==")).toEqual(Uint8Array.of(0x41));
  });
});
