/**
 * What every built-in verifier resolves: the index of the configured secret (or public key) that
 * signed, in the order the user gave them, and the signed timestamp in epoch milliseconds where the
 * scheme has one. Each scheme is configured with two secrets and signed with each in turn, so an
 * index that ignored rotation (always 0, always the last) fails.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createDiscordSigner, createDiscordVerifier } from "../../src/verify/discord.ts";
import { createHmacSigner, createHmacVerifier } from "../../src/verify/generic-hmac.ts";
import type { HmacSchemeOptions } from "../../src/verify/hmac-scheme.ts";
import { createGitHubSigner, createGitHubVerifier } from "../../src/verify/github.ts";
import { createGitLabSigner, createGitLabVerifier } from "../../src/verify/gitlab.ts";
import { createHubSpotSigner, createHubSpotVerifier } from "../../src/verify/hubspot.ts";
import { hubSpotLegacySignature } from "../../src/verify/hubspot-legacy.ts";
import { createIntercomSigner, createIntercomVerifier } from "../../src/verify/intercom.ts";
import { createLinearSigner, createLinearVerifier } from "../../src/verify/linear.ts";
import { createMailgunSigner, createMailgunVerifier } from "../../src/verify/mailgun.ts";
import { createPaddleSigner, createPaddleVerifier } from "../../src/verify/paddle.ts";
import { createSendGridSigner, createSendGridVerifier } from "../../src/verify/sendgrid.ts";
import { createShopifySigner, createShopifyVerifier } from "../../src/verify/shopify.ts";
import type {
  SignatureVerifier,
  Signer,
  VerifyRequest,
} from "../../src/verify/signature-scheme.ts";
import { createSlackSigner, createSlackVerifier } from "../../src/verify/slack.ts";
import { createSquareSigner, createSquareVerifier } from "../../src/verify/square.ts";
import { generateStandardWebhooksKeyPair } from "../../src/verify/standard-webhooks-keys.ts";
import { createStandardWebhooksSigner } from "../../src/verify/standard-webhooks-signer.ts";
import { createStandardWebhooksVerifier } from "../../src/verify/standard-webhooks.ts";
import { createStripeSigner, createStripeVerifier } from "../../src/verify/stripe.ts";
import { createTwilioSigner, createTwilioVerifier } from "../../src/verify/twilio.ts";
import { createTypeformSigner, createTypeformVerifier } from "../../src/verify/typeform.ts";
import { createWorkOSSigner, createWorkOSVerifier } from "../../src/verify/workos.ts";
import { createZoomSigner, createZoomVerifier } from "../../src/verify/zoom.ts";
import { keyValueSignatureFormat } from "../../src/verify/signature-header-format.ts";
import { NOW_MS } from "../helpers/tamper.ts";

/** Not on a whole second, so a scheme that signs seconds must report the floored second. */
const NOW = NOW_MS + 1234;
const SECONDS = Math.floor(NOW / 1000) * 1000;
const URL_SIGNED = "https://hooks.example.com/webhooks/test?site=eu";
const body = utf8(JSON.stringify({ id: "evt_1", type: "thing.happened", webhookTimestamp: NOW }));
const form = utf8("From=%2B15550001111&Body=hi");

interface Case {
  /** A verifier configured with both secrets (or public keys), in this order. */
  readonly verifier: () => SignatureVerifier;
  /** A request signed with secret `index` only. */
  readonly signed: (index: 0 | 1) => Promise<VerifyRequest>;
  /** The timestamp the verification must report; `undefined` for schemes that sign none. */
  readonly timestamp: number | undefined;
}

const plain = ["first-secret-0123456789", "second-secret-abcdefghij"] as const;
const whsec = [
  "whsec_" + Buffer.alloc(32, 1).toString("base64"),
  "whsec_" + Buffer.alloc(32, 2).toString("base64"),
] as const;

function at(headers: Record<string, string>, payload = body, url = URL_SIGNED): VerifyRequest {
  return { method: "POST", url, headers: new Headers(headers), body: payload, now: NOW };
}

/** A case for a provider with a `{ secret }` verifier and signer. */
function hmacCase(
  verifier: (secret: readonly string[]) => SignatureVerifier,
  signer: (secret: string) => Signer,
  timestamp: number | undefined,
  secrets: readonly [string, string] = plain,
): Case {
  return {
    verifier: () => verifier(secrets),
    signed: async (index) =>
      at(await signer(secrets[index]).sign({ body, now: NOW, id: "msg_1", url: URL_SIGNED })),
    timestamp,
  };
}

const genericWithTimestamp: HmacSchemeOptions = {
  secret: plain,
  header: "x-signature",
  format: keyValueSignatureFormat({ itemSeparator: ",", timestampKey: "t", signatureKey: "v1" }),
  signedContent: "{timestamp}.{body}",
};
const genericMilliseconds: HmacSchemeOptions = {
  secret: plain,
  header: "x-signature",
  signedContent: "{timestamp}.{body}",
  timestampHeader: "x-timestamp",
  timestampUnit: "milliseconds",
};

const discordPairs = await Promise.all(
  [0, 1].map(() => crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])),
);
const discordKeys = await Promise.all(
  discordPairs.map(async (pair) =>
    Buffer.from(await crypto.subtle.exportKey("raw", pair.publicKey)).toString("hex"),
  ),
);
const sendGridPairs = [0, 1].map(() => generateKeyPairSync("ec", { namedCurve: "P-256" }));
const swPairs = await Promise.all([0, 1].map(() => generateStandardWebhooksKeyPair()));

const cases: Record<string, Case> = {
  "generic HMAC, no timestamp": hmacCase(
    (secret) => createHmacVerifier({ secret, header: "x-signature" }),
    (secret) => createHmacSigner({ secret, header: "x-signature" }),
    undefined,
  ),
  "generic HMAC, timestamp in seconds": hmacCase(
    (secret) => createHmacVerifier({ ...genericWithTimestamp, secret }),
    (secret) => createHmacSigner({ ...genericWithTimestamp, secret }),
    SECONDS,
  ),
  "generic HMAC, timestamp in milliseconds": hmacCase(
    (secret) => createHmacVerifier({ ...genericMilliseconds, secret }),
    (secret) => createHmacSigner({ ...genericMilliseconds, secret }),
    NOW,
  ),
  stripe: hmacCase(
    (secret) => createStripeVerifier({ secret }),
    (secret) => createStripeSigner({ secret }),
    SECONDS,
    whsec,
  ),
  "standard-webhooks v1": hmacCase(
    (secret) => createStandardWebhooksVerifier({ secret }),
    (secret) => createStandardWebhooksSigner({ secret }),
    SECONDS,
    whsec,
  ),
  "standard-webhooks v1a": {
    verifier: () =>
      createStandardWebhooksVerifier({ publicKey: swPairs.map((pair) => pair.publicKey) }),
    signed: async (index) =>
      at(
        await createStandardWebhooksSigner({ signingKey: swPairs[index]?.signingKey ?? "" }).sign({
          body,
          now: NOW,
          id: "msg_1",
        }),
      ),
    timestamp: SECONDS,
  },
  github: hmacCase(
    (secret) => createGitHubVerifier({ secret }),
    (secret) => createGitHubSigner({ secret }),
    undefined,
  ),
  "github, legacy SHA-1 only": {
    verifier: () => createGitHubVerifier({ secret: plain, allowLegacySha1: true }),
    signed: async (index) => {
      const headers = await createGitHubSigner({
        secret: plain[index],
        includeLegacySha1: true,
      }).sign({ body, now: NOW });
      return at({ "x-hub-signature": headers["x-hub-signature"] ?? "" });
    },
    timestamp: undefined,
  },
  slack: hmacCase(
    (secret) => createSlackVerifier({ secret }),
    (secret) => createSlackSigner({ secret }),
    SECONDS,
  ),
  zoom: hmacCase(
    (secret) => createZoomVerifier({ secret }),
    (secret) => createZoomSigner({ secret }),
    SECONDS,
  ),
  paddle: hmacCase(
    (secret) => createPaddleVerifier({ secret }),
    (secret) => createPaddleSigner({ secret }),
    SECONDS,
  ),
  workos: hmacCase(
    (secret) => createWorkOSVerifier({ secret }),
    (secret) => createWorkOSSigner({ secret }),
    NOW,
  ),
  shopify: hmacCase(
    (secret) => createShopifyVerifier({ secret }),
    (secret) => createShopifySigner({ secret }),
    undefined,
  ),
  intercom: hmacCase(
    (secret) => createIntercomVerifier({ secret }),
    (secret) => createIntercomSigner({ secret }),
    undefined,
  ),
  typeform: hmacCase(
    (secret) => createTypeformVerifier({ secret }),
    (secret) => createTypeformSigner({ secret }),
    undefined,
  ),
  square: hmacCase(
    (secret) => createSquareVerifier({ secret }),
    (secret) => createSquareSigner({ secret }),
    undefined,
  ),
  "hubspot v3": hmacCase(
    (secret) => createHubSpotVerifier({ secret }),
    (secret) => createHubSpotSigner({ secret }),
    NOW,
  ),
  "hubspot v2": {
    verifier: () => createHubSpotVerifier({ secret: plain, versions: ["v2"] }),
    signed: async (index) => {
      const unsigned = at({});
      const signature = await hubSpotLegacySignature("v2", plain[index], unsigned);
      return at({ "x-hubspot-signature": signature, "x-hubspot-signature-version": "v2" });
    },
    timestamp: undefined,
  },
  // Linear signs `webhookTimestamp` (ms) inside the body.
  linear: hmacCase(
    (secret) => createLinearVerifier({ secret }),
    (secret) => createLinearSigner({ secret }),
    NOW,
  ),
  gitlab: hmacCase(
    (secret) => createGitLabVerifier({ secret }),
    (secret) => createGitLabSigner({ secret }),
    undefined,
  ),
  twilio: {
    verifier: () => createTwilioVerifier({ secret: plain }),
    signed: async (index) =>
      at(
        await createTwilioSigner({ secret: plain[index] }).sign({
          body: form,
          now: NOW,
          url: URL_SIGNED,
        }),
        form,
      ),
    timestamp: undefined,
  },
  mailgun: {
    verifier: () => createMailgunVerifier({ secret: plain }),
    signed: async (index) =>
      at(
        { "content-type": "application/json" },
        await createMailgunSigner({ secret: plain[index] }).signEvent({ event: "delivered" }, NOW),
      ),
    timestamp: SECONDS,
  },
  discord: {
    verifier: () => createDiscordVerifier({ publicKey: discordKeys }),
    signed: async (index) => {
      const privateKey = discordPairs[index]?.privateKey;
      if (privateKey === undefined) throw new Error("no key");
      return at(await createDiscordSigner({ privateKey }).sign({ body, now: NOW }));
    },
    timestamp: SECONDS,
  },
  sendgrid: {
    verifier: () =>
      createSendGridVerifier({
        publicKey: sendGridPairs.map((pair) =>
          pair.publicKey.export({ format: "der", type: "spki" }).toString("base64"),
        ),
      }),
    signed: async (index) => {
      const privateKey = sendGridPairs[index]?.privateKey
        .export({ format: "der", type: "pkcs8" })
        .toString("base64");
      return at(
        await createSendGridSigner({ privateKey: privateKey ?? "" }).sign({ body, now: NOW }),
      );
    },
    timestamp: SECONDS,
  },
};

describe.each(Object.entries(cases))("verification of %s", (_name, scheme) => {
  it.each([0, 1] as const)("reports secret %i as the one that signed", async (index) => {
    const verification = await scheme.verifier().verify(await scheme.signed(index));
    expect(verification).toEqual({
      secretIndex: index,
      ...(scheme.timestamp === undefined ? {} : { timestamp: scheme.timestamp }),
    });
  });
});

describe("verification under a rotation", () => {
  it("reports the first configured secret when the sender signs with both", async () => {
    const signer = createStandardWebhooksSigner({ secret: [...whsec].reverse() });
    const headers = await signer.sign({ body, now: NOW, id: "msg_1" });
    const verification = await createStandardWebhooksVerifier({ secret: whsec }).verify(
      at(headers),
    );
    expect(verification).toEqual({ secretIndex: 0, timestamp: SECONDS });
  });
});
