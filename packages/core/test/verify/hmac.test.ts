import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  concatParts,
  hmacDigest,
  hmacDigestParts,
  hmacDigestWebCrypto,
} from "../../src/verify/hmac.ts";
import type { HmacAlgorithm } from "../../src/verify/hmac.ts";

const algorithms: readonly [HmacAlgorithm, string][] = [
  ["SHA-1", "sha1"],
  ["SHA-256", "sha256"],
  ["SHA-512", "sha512"],
];

describe("hmacDigest", () => {
  it.each(algorithms)(
    "%s gives node:crypto's bytes on the fast path and on the web crypto path",
    async (algorithm, nodeName) => {
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ minLength: 1, maxLength: 100 }),
          fc.uint8Array({ maxLength: 300 }),
          fc.string(),
          async (key, body, prefix) => {
            const expected = createHmac(nodeName, key).update(prefix).update(body).digest();
            expect(Buffer.from(await hmacDigestParts(algorithm, key, [prefix, body]))).toEqual(
              expected,
            );
            expect(Buffer.from(await hmacDigestWebCrypto(algorithm, key, [prefix, body]))).toEqual(
              expected,
            );
            expect(
              Buffer.from(await hmacDigest(algorithm, key, concatParts([prefix, body]))),
            ).toEqual(expected);
          },
        ),
        { numRuns: 30 },
      );
    },
  );

  it("web crypto path keeps working past the key cache bound (old keys are evicted, not wrong)", async () => {
    const body = Uint8Array.of(1, 2, 3);
    for (let i = 0; i < 300; i++) {
      const key = Uint8Array.of(i & 255, i >> 8, 7);
      const expected = createHmac("sha256", key).update(body).digest();
      expect(Buffer.from(await hmacDigestWebCrypto("SHA-256", key, [body]))).toEqual(expected);
    }
  });

  it("concatParts encodes strings as UTF-8", () => {
    expect(concatParts(["é", Uint8Array.of(0)])).toEqual(Uint8Array.of(0xc3, 0xa9, 0));
  });
});
