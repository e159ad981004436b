/**
 * Property: a single-bit change anywhere that is signed (body, id, timestamp) or in the signature
 * itself is rejected, for every scheme owned here.
 */
import { beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { createStandardWebhooksVerifier } from "../../src/verify/standard-webhooks.ts";
import { createStandardWebhooksSigner } from "../../src/verify/standard-webhooks-signer.ts";
import { generateStandardWebhooksKeyPair } from "../../src/verify/standard-webhooks-keys.ts";
import { createStripeSigner, createStripeVerifier } from "../../src/verify/stripe.ts";
import { createGitHubSigner, createGitHubVerifier } from "../../src/verify/github.ts";
import { createShopifySigner, createShopifyVerifier } from "../../src/verify/shopify.ts";
import { createSlackSigner, createSlackVerifier } from "../../src/verify/slack.ts";
import { createTypeformSigner, createTypeformVerifier } from "../../src/verify/typeform.ts";
import { createIntercomSigner, createIntercomVerifier } from "../../src/verify/intercom.ts";
import { decodeBase64, decodeHex, encodeBase64, encodeHex } from "../../src/verify/encoding.ts";
import type { SignatureVerifier, Signer } from "../../src/verify/signature-scheme.ts";
import { NOW_MS, request } from "../helpers/verify-request.ts";

/** A signed piece of a header: which header, and a regex whose group 1 is the part to mutate. */
interface Field {
  readonly header: string;
  readonly pattern: RegExp;
}

interface SchemeCase {
  readonly signer: Signer;
  readonly verifier: SignatureVerifier;
  readonly signature: Field & { readonly encoding: "hex" | "base64" };
  readonly timestamp?: Field;
  readonly id?: Field;
}

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const cases: Record<string, SchemeCase> = {
  "standard-webhooks v1": {
    signer: createStandardWebhooksSigner({ secret }),
    verifier: createStandardWebhooksVerifier({ secret }),
    signature: { header: "webhook-signature", pattern: /^v1,(.+)$/, encoding: "base64" },
    timestamp: { header: "webhook-timestamp", pattern: /^(.+)$/ },
    id: { header: "webhook-id", pattern: /^(.+)$/ },
  },
  stripe: {
    signer: createStripeSigner({ secret }),
    verifier: createStripeVerifier({ secret }),
    signature: { header: "stripe-signature", pattern: /v1=([0-9a-f]+)/, encoding: "hex" },
    timestamp: { header: "stripe-signature", pattern: /t=(\d+)/ },
  },
  github: {
    signer: createGitHubSigner({ secret }),
    verifier: createGitHubVerifier({ secret }),
    signature: { header: "x-hub-signature-256", pattern: /^sha256=(.+)$/, encoding: "hex" },
  },
  shopify: {
    signer: createShopifySigner({ secret }),
    verifier: createShopifyVerifier({ secret }),
    signature: { header: "x-shopify-hmac-sha256", pattern: /^(.+)$/, encoding: "base64" },
  },
  slack: {
    signer: createSlackSigner({ secret }),
    verifier: createSlackVerifier({ secret }),
    signature: { header: "x-slack-signature", pattern: /^v0=(.+)$/, encoding: "hex" },
    timestamp: { header: "x-slack-request-timestamp", pattern: /^(.+)$/ },
  },
  typeform: {
    signer: createTypeformSigner({ secret }),
    verifier: createTypeformVerifier({ secret }),
    signature: { header: "typeform-signature", pattern: /^sha256=(.+)$/, encoding: "base64" },
  },
  intercom: {
    signer: createIntercomSigner({ secret }),
    verifier: createIntercomVerifier({ secret }),
    signature: { header: "x-hub-signature", pattern: /^sha1=(.+)$/, encoding: "hex" },
  },
};

beforeAll(async () => {
  const pair = await generateStandardWebhooksKeyPair();
  cases["standard-webhooks v1a"] = {
    signer: createStandardWebhooksSigner({ signingKey: pair.signingKey }),
    verifier: createStandardWebhooksVerifier({ publicKey: pair.publicKey }),
    signature: { header: "webhook-signature", pattern: /^v1a,(.+)$/, encoding: "base64" },
    timestamp: { header: "webhook-timestamp", pattern: /^(.+)$/ },
    id: { header: "webhook-id", pattern: /^(.+)$/ },
  };
});

const SIGNS_TIMESTAMP = new Set([
  "standard-webhooks v1",
  "standard-webhooks v1a",
  "stripe",
  "slack",
]);
const SIGNS_ID = new Set(["standard-webhooks v1", "standard-webhooks v1a"]);
const body = fc.uint8Array({ minLength: 1, maxLength: 300 });
const id = fc.stringMatching(/^msg_[A-Za-z0-9]{1,24}$/);
const runs = { numRuns: 60 };

async function accepted(
  verifier: SignatureVerifier,
  headers: Record<string, string>,
  bytes: Uint8Array,
): Promise<boolean> {
  try {
    await verifier.verify(request(headers, bytes));
    return true;
  } catch (error) {
    expect((error as { code?: string }).code).toMatch(/^(SIGNATURE|TIMESTAMP)_/);
    return false;
  }
}

/** Replaces group 1 of `field.pattern` in the header with `mutate(group)`. */
function mutateField(
  headers: Record<string, string>,
  field: Field,
  mutate: (text: string) => string,
): Record<string, string> {
  const value = headers[field.header] ?? "";
  return {
    ...headers,
    [field.header]: value.replace(field.pattern, (whole, group: string) =>
      whole.replace(group, mutate(group)),
    ),
  };
}

function flipTextBit(text: string, bit: number): string {
  const index = Math.floor(bit / 7) % text.length;
  const code = (text.charCodeAt(index) ^ (1 << (bit % 7))) & 0x7f;
  return text.slice(0, index) + String.fromCharCode(code) + text.slice(index + 1);
}

const printable = (text: string): boolean => /^[\x21-\x7e]*$/.test(text);

describe.each([
  "standard-webhooks v1",
  "standard-webhooks v1a",
  "stripe",
  "github",
  "shopify",
  "slack",
  "typeform",
  "intercom",
])("%s: single-bit changes", (name) => {
  const scheme = (): SchemeCase => cases[name] as SchemeCase;
  const sign = (bytes: Uint8Array, messageId: string): Promise<Record<string, string>> =>
    scheme().signer.sign({ body: bytes, id: messageId, now: NOW_MS });

  it("accepts the unmodified request (control)", async () => {
    await fc.assert(
      fc.asyncProperty(body, id, async (bytes, messageId) => {
        expect(await accepted(scheme().verifier, await sign(bytes, messageId), bytes)).toBe(true);
      }),
      { numRuns: 10 },
    );
  });

  it("rejects any single-bit change of the body", async () => {
    await fc.assert(
      fc.asyncProperty(body, id, fc.nat(), async (bytes, messageId, bit) => {
        const headers = await sign(bytes, messageId);
        const changed = Uint8Array.from(bytes);
        const index = Math.floor(bit / 8) % changed.length;
        changed[index] = (changed[index] ?? 0) ^ (1 << (bit % 8));
        expect(await accepted(scheme().verifier, headers, changed)).toBe(false);
      }),
      runs,
    );
  });

  it("rejects any single-bit change of the signature bytes", async () => {
    await fc.assert(
      fc.asyncProperty(body, id, fc.nat(), async (bytes, messageId, bit) => {
        const { signature } = scheme();
        const codec =
          signature.encoding === "hex"
            ? { decode: decodeHex, encode: encodeHex }
            : { decode: decodeBase64, encode: encodeBase64 };
        const headers = mutateField(await sign(bytes, messageId), signature, (text) => {
          const raw = codec.decode(text) ?? new Uint8Array(1);
          const index = Math.floor(bit / 8) % raw.length;
          raw[index] = (raw[index] ?? 0) ^ (1 << (bit % 8));
          return codec.encode(raw);
        });
        expect(await accepted(scheme().verifier, headers, bytes)).toBe(false);
      }),
      runs,
    );
  });

  it("rejects any single-bit change of the signature text, except an ASCII case flip of a hex digit (same bytes)", async () => {
    await fc.assert(
      fc.asyncProperty(body, id, fc.nat(), async (bytes, messageId, bit) => {
        const { signature } = scheme();
        const original = await sign(bytes, messageId);
        let caseFlip = false;
        const headers = mutateField(original, signature, (text) => {
          const changed = flipTextBit(text, bit);
          caseFlip = signature.encoding === "hex" && changed.toLowerCase() === text.toLowerCase();
          return changed;
        });
        fc.pre(printable(headers[signature.header] ?? ""));
        expect(await accepted(scheme().verifier, headers, bytes)).toBe(caseFlip);
      }),
      runs,
    );
  });

  if (SIGNS_TIMESTAMP.has(name))
    it("rejects any single-bit change of the timestamp", async () => {
      await fc.assert(
        fc.asyncProperty(body, id, fc.nat(), async (bytes, messageId, bit) => {
          const field = scheme().timestamp as Field;
          const headers = mutateField(await sign(bytes, messageId), field, (text) =>
            flipTextBit(text, bit),
          );
          fc.pre(printable(headers[field.header] ?? ""));
          expect(await accepted(scheme().verifier, headers, bytes)).toBe(false);
        }),
        runs,
      );
    });

  if (SIGNS_ID.has(name))
    it("rejects any single-bit change of the message id", async () => {
      await fc.assert(
        fc.asyncProperty(body, id, fc.nat(), async (bytes, messageId, bit) => {
          const field = scheme().id as Field;
          const headers = mutateField(await sign(bytes, messageId), field, (text) =>
            flipTextBit(text, bit),
          );
          fc.pre(printable(headers[field.header] ?? ""));
          expect(await accepted(scheme().verifier, headers, bytes)).toBe(false);
        }),
        runs,
      );
    });
});
