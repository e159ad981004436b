/**
 * The single-bit property of single-bit.test.ts as a reusable block, for provider test files:
 * flipping one bit of the body, or of the decoded signature, is always rejected.
 */
import { expect, it } from "vitest";
import fc from "fast-check";
import type { SignatureVerifier } from "../../src/verify/signature-scheme.ts";
import { request } from "./verify-request.ts";

/** Where the signature sits: a header, and a pattern whose group 1 is the encoded signature. */
export interface SignatureField {
  readonly header: string;
  readonly pattern: RegExp;
  readonly decode: (text: string) => Uint8Array | undefined;
  readonly encode: (bytes: Uint8Array) => string;
}

/** Options of {@link singleBitProperties}. */
export interface SingleBitOptions {
  readonly verifier: () => SignatureVerifier;
  /** Headers (and, for in-body schemes, the body) of a request signed over `body`. */
  readonly sign: (
    body: Uint8Array,
  ) => Promise<{ headers: Record<string, string>; body?: Uint8Array }>;
  /** The signature's place; omit when the signature is not a header (then only the body is mutated). */
  readonly signature?: SignatureField;
  /** Bodies to sign. @default any 1–300 bytes */
  readonly bodies?: fc.Arbitrary<Uint8Array>;
  readonly now?: number;
}

/** Declares the property tests (call inside a `describe`). */
export function singleBitProperties(options: SingleBitOptions): void {
  const bodies = options.bodies ?? fc.uint8Array({ minLength: 1, maxLength: 300 });
  const accepted = async (headers: Record<string, string>, bytes: Uint8Array): Promise<boolean> => {
    try {
      await options.verifier().verify(request(headers, bytes, options.now));
      return true;
    } catch (error) {
      expect((error as { code?: string }).code).toMatch(/^(SIGNATURE|TIMESTAMP)_/);
      return false;
    }
  };

  it("accepts the unmodified request and rejects any single-bit change of the signed body", async () => {
    await fc.assert(
      fc.asyncProperty(bodies, fc.nat(), async (bytes, bit) => {
        const signed = await options.sign(bytes);
        const sent = signed.body ?? bytes;
        expect(await accepted(signed.headers, sent)).toBe(true);
        const changed = Uint8Array.from(sent);
        const index = Math.floor(bit / 8) % changed.length;
        changed[index] = (changed[index] ?? 0) ^ (1 << (bit % 8));
        expect(await accepted(signed.headers, changed)).toBe(false);
      }),
      { numRuns: 50 },
    );
  });

  const field = options.signature;
  if (field !== undefined)
    it("rejects any single-bit change of the signature bytes", async () => {
      await fc.assert(
        fc.asyncProperty(bodies, fc.nat(), async (bytes, bit) => {
          const signed = await options.sign(bytes);
          const value = signed.headers[field.header] ?? "";
          const mutated = value.replace(field.pattern, (whole, group: string) => {
            const raw = field.decode(group) ?? new Uint8Array(1);
            const index = Math.floor(bit / 8) % raw.length;
            raw[index] = (raw[index] ?? 0) ^ (1 << (bit % 8));
            return whole.replace(group, field.encode(raw));
          });
          const headers = { ...signed.headers, [field.header]: mutated };
          expect(await accepted(headers, signed.body ?? bytes)).toBe(false);
        }),
        { numRuns: 50 },
      );
    });
}
