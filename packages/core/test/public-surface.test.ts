import { describe, expect, it } from "vitest";

// The root entry is what a user reads first: it keeps the pipeline, the contracts and the generic
// schemes. Provider presets live in `@hookwise/core/providers`; internals are not exported.
const MAX_ROOT_RUNTIME_EXPORTS = 120;

describe("public surface", () => {
  it("keeps the root entry under the bound", async () => {
    const root = Object.keys(await import("../src/index.ts"));
    expect(root.length).toBeLessThan(MAX_ROOT_RUNTIME_EXPORTS);
  });

  it("exports no provider preset, verifier or signer from the root", async () => {
    const root = await import("../src/index.ts");
    const providers = await import("../src/providers/index.ts");
    expect(Object.keys(providers).filter((name) => name in root)).toEqual([]);
    expect(Object.keys(providers)).toEqual(
      expect.arrayContaining(["stripeSource", "createStripeVerifier", "STRIPE_SIGNATURE_HEADER"]),
    );
  });

  it("exports none of the verification internals", async () => {
    const exported = new Set([
      ...Object.keys(await import("../src/index.ts")),
      ...Object.keys(await import("../src/providers/index.ts")),
    ]);
    const internals = [
      "MAX_CACHED_HMAC_KEYS",
      "hmacDigestPartsSync",
      "concatParts",
      "deriveSecretKey",
      "deriveSecretKeys",
      "tryDecodeWhsecSecret",
      "stripWhsecPrefix",
      "signatureMismatchError",
      "readMailgunSignature",
      "attemptDelivery",
      "planDeliveries",
    ];
    expect(internals.filter((name) => exported.has(name))).toEqual([]);
  });
});
