import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";
import { ConfigurationError } from "../../src/errors.ts";
import { createStandardWebhooksVerifier } from "../../src/verify/standard-webhooks.ts";
import { createStandardWebhooksSigner } from "../../src/verify/standard-webhooks-signer.ts";
import { generateStandardWebhooksKeyPair } from "../../src/verify/standard-webhooks-keys.ts";
import { expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const otherSecret = "whsec_" + Buffer.alloc(32, 7).toString("base64");
const body = '{"type":"invoice.paid","timestamp":"2026-01-01T00:00:00Z","data":{"id":"in_1"}}';
const bytes = new TextEncoder().encode(body);
const ts = String(NOW_MS / 1000);
const sdkHeaders = (signature: string, id = "msg_1", timestamp = ts): Record<string, string> => ({
  "webhook-id": id,
  "webhook-timestamp": timestamp,
  "webhook-signature": signature,
});

beforeEach(() => {
  // The SDKs read Date.now(); pin it to the verifier's `now`.
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(NOW_MS);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Standard Webhooks v1, interop with the standardwebhooks SDK", () => {
  const sdk = new StandardWebhook(secret);
  const verifier = createStandardWebhooksVerifier({ secret });
  const signer = createStandardWebhooksSigner({ secret });

  it("verifies what the SDK signs, and signs byte-for-byte what the SDK signs", async () => {
    const signature = sdk.sign("msg_1", new Date(NOW_MS), body);
    await verifier.verify(request(sdkHeaders(signature), body));
    const ours = await signer.sign({ id: "msg_1", body: bytes, now: NOW_MS });
    expect(ours).toEqual(sdkHeaders(signature));
    expect(sdk.verify(body, ours)).toEqual(JSON.parse(body));
  });

  it("rejects what the SDK rejects: tampered body, wrong secret", async () => {
    const headers = sdkHeaders(sdk.sign("msg_1", new Date(NOW_MS), body));
    const tampered = body.replace("in_1", "in_2");
    expect(() => sdk.verify(tampered, headers)).toThrow();
    await expectRejected(verifier, request(headers, tampered), "SIGNATURE_MISMATCH");
    expect(() => new StandardWebhook(otherSecret).verify(body, headers)).toThrow();
    await expectRejected(
      createStandardWebhooksVerifier({ secret: otherSecret }),
      request(headers, body),
      "SIGNATURE_MISMATCH",
    );
  });

  it("rejects a replay older than 300 s and a timestamp more than 300 s ahead, accepting both boundaries, like the SDK", async () => {
    for (const [offsetSeconds, valid] of [
      [-300, true],
      [-301, false],
      [300, true],
      [301, false],
    ] as const) {
      const date = new Date(NOW_MS + offsetSeconds * 1000);
      const headers = sdkHeaders(
        sdk.sign("msg_1", date, body),
        "msg_1",
        String(date.getTime() / 1000),
      );
      if (valid) {
        expect(sdk.verify(body, headers)).toBeDefined();
        await verifier.verify(request(headers, body));
      } else {
        expect(() => sdk.verify(body, headers)).toThrow(/Message timestamp too (old|new)/);
        await expectRejected(verifier, request(headers, body), "TIMESTAMP_OUT_OF_TOLERANCE");
      }
    }
  });

  it("rejects a non-canonical timestamp the SDK accepts (it parseInt()s the header; the spec says integer seconds)", async () => {
    const signature = sdk.sign("msg_1", new Date(NOW_MS), body);
    for (const loose of [`${ts}abc`, `0${ts}`, `${ts}.0`]) {
      const headers = sdkHeaders(signature, "msg_1", loose);
      expect(sdk.verify(body, headers)).toBeDefined();
      await expectRejected(verifier, request(headers, body), "TIMESTAMP_INVALID");
    }
  });

  it("accepts any listed v1 entry and any configured secret (rotation), ignoring other versions", async () => {
    const oldSig = new StandardWebhook(otherSecret).sign("msg_1", new Date(NOW_MS), body);
    const newSig = sdk.sign("msg_1", new Date(NOW_MS), body);
    await verifier.verify(request(sdkHeaders(`v2,abc ${oldSig} ${newSig}`), body));
    await createStandardWebhooksVerifier({ secret: [otherSecret, secret] }).verify(
      request(sdkHeaders(newSig), body),
    );
    const both = await createStandardWebhooksSigner({ secret: [secret, otherSecret] }).sign({
      id: "msg_1",
      body: bytes,
      now: NOW_MS,
    });
    expect(both["webhook-signature"]).toBe(`${newSig} ${oldSig}`);
  });

  it("fails a correct HMAC labelled anything but v1", async () => {
    const signature = sdk.sign("msg_1", new Date(NOW_MS), body).replace(/^v1,/, "v2,");
    await expectRejected(verifier, request(sdkHeaders(signature), body), "SIGNATURE_MALFORMED");
  });

  it("names what is missing: signature, id, timestamp", async () => {
    const signature = sdk.sign("msg_1", new Date(NOW_MS), body);
    await expectRejected(verifier, request({}, body), "SIGNATURE_MISSING");
    await expectRejected(
      verifier,
      request({ "webhook-timestamp": ts, "webhook-signature": signature }, body),
      "SIGNATURE_MALFORMED",
    );
    await expectRejected(
      verifier,
      request({ "webhook-id": "msg_1", "webhook-signature": signature }, body),
      "TIMESTAMP_INVALID",
    );
    await expectRejected(verifier, request(sdkHeaders("v1,***"), body), "SIGNATURE_MALFORMED");
  });

  it("verifies an empty body, which the SDK also signs", async () => {
    await verifier.verify(request(sdkHeaders(sdk.sign("msg_1", new Date(NOW_MS), "")), ""));
  });

  it("rejects a secret that is not whsec_ base64 at setup, and a config with no key at all", () => {
    expect(() => createStandardWebhooksVerifier({ secret: "whsec_not base64" })).toThrow(
      ConfigurationError,
    );
    expect(() => createStandardWebhooksVerifier({})).toThrow(/`secret`/);
    expect(() => createStandardWebhooksSigner({})).toThrow(/`signingKey`/);
  });

  it("refuses to sign without an id, or with an id containing a dot", async () => {
    await expect(signer.sign({ body: bytes, now: NOW_MS })).rejects.toThrow(/`id`/);
    await expect(signer.sign({ id: "a.b", body: bytes, now: NOW_MS })).rejects.toThrow(/`id`/);
  });
});

describe("Svix, interop with the svix SDK", () => {
  const svix = new SvixWebhook(secret);
  const verifier = createStandardWebhooksVerifier({ secret, headerPrefixes: ["svix", "webhook"] });

  it("verifies svix-* headers signed by the SDK and the SDK verifies ours", async () => {
    const signature = svix.sign("msg_2", new Date(NOW_MS), body);
    await verifier.verify(
      request({ "svix-id": "msg_2", "svix-timestamp": ts, "svix-signature": signature }, body),
    );
    const ours = await createStandardWebhooksSigner({ secret, headerPrefix: "svix" }).sign({
      id: "msg_2",
      body: bytes,
      now: NOW_MS,
    });
    expect(svix.verify(body, ours)).toEqual(JSON.parse(body));
  });

  it("falls back to webhook-* headers (white-labelled Svix accounts)", async () => {
    await verifier.verify(request(sdkHeaders(svix.sign("msg_1", new Date(NOW_MS), body)), body));
  });

  it("rejects a stale svix timestamp as the SDK does", async () => {
    const date = new Date(NOW_MS - 301_000);
    const headers = {
      "svix-id": "m",
      "svix-timestamp": String(date.getTime() / 1000),
      "svix-signature": svix.sign("m", date, body),
    };
    expect(() => svix.verify(body, headers)).toThrow();
    await expectRejected(verifier, request(headers, body), "TIMESTAMP_OUT_OF_TOLERANCE");
  });
});

describe("Standard Webhooks v1a (Ed25519; no official SDK implements it)", () => {
  it("verifies a whsk_-signed message with the whpk_ public key and rejects a tampered one", async () => {
    const pair = await generateStandardWebhooksKeyPair();
    expect(pair.publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    const headers = await createStandardWebhooksSigner({ signingKey: pair.signingKey }).sign({
      id: "msg_1",
      body: bytes,
      now: NOW_MS,
    });
    expect(headers["webhook-signature"]).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    const verifier = createStandardWebhooksVerifier({ publicKey: pair.publicKey });
    await verifier.verify(request(headers, body));
    await expectRejected(verifier, request(headers, body + " "), "SIGNATURE_MISMATCH");
    const stranger = await generateStandardWebhooksKeyPair();
    await expectRejected(
      createStandardWebhooksVerifier({ publicKey: stranger.publicKey }),
      request(headers, body),
      "SIGNATURE_MISMATCH",
    );
  });

  it("agrees with an independent node:crypto Ed25519 implementation, and accepts the 64-byte secret key form", async () => {
    const { generateKeyPairSync, sign, verify } = await import("node:crypto");
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const seed = privateKey.export({ format: "der", type: "pkcs8" }).subarray(-32);
    const rawPublic = publicKey.export({ format: "der", type: "spki" }).subarray(-32);
    const content = Buffer.from(`msg_1.${ts}.${body}`);
    const external = `v1a,${sign(null, content, privateKey).toString("base64")}`;
    await createStandardWebhooksVerifier({
      publicKey: `whpk_${rawPublic.toString("base64")}`,
    }).verify(request(sdkHeaders(external), body));
    const longForm = `whsk_${Buffer.concat([seed, rawPublic]).toString("base64")}`;
    const ours = await createStandardWebhooksSigner({ signingKey: longForm }).sign({
      id: "msg_1",
      body: bytes,
      now: NOW_MS,
    });
    const signature = Buffer.from((ours["webhook-signature"] ?? "").slice(4), "base64");
    expect(verify(null, content, publicKey, signature)).toBe(true);
  });

  it("accepts v1 and v1a side by side in one header, each checked with its own key kind", async () => {
    const pair = await generateStandardWebhooksKeyPair();
    const headers = await createStandardWebhooksSigner({
      secret,
      signingKey: pair.signingKey,
    }).sign({ id: "msg_1", body: bytes, now: NOW_MS });
    expect(headers["webhook-signature"]?.split(" ").map((entry) => entry.split(",")[0])).toEqual([
      "v1",
      "v1a",
    ]);
    await createStandardWebhooksVerifier({ publicKey: pair.publicKey }).verify(
      request(headers, body),
    );
    await createStandardWebhooksVerifier({ secret }).verify(request(headers, body));
    const onlyV1 = {
      ...headers,
      "webhook-signature": headers["webhook-signature"]?.split(" ")[0] ?? "",
    };
    await expectRejected(
      createStandardWebhooksVerifier({ publicKey: pair.publicKey }),
      request(onlyV1, body),
      "SIGNATURE_MALFORMED",
    );
  });

  it("never accepts an HMAC placed in a v1a entry", async () => {
    const pair = await generateStandardWebhooksKeyPair();
    const hmac = createHmac("sha256", Buffer.from(secret.slice(6), "base64"))
      .update(`msg_1.${ts}.${body}`)
      .digest("base64");
    await expectRejected(
      createStandardWebhooksVerifier({ publicKey: pair.publicKey, secret }),
      request(sdkHeaders(`v1a,${hmac}`), body),
      "SIGNATURE_MALFORMED",
    );
  });

  it("rejects malformed keys at setup", () => {
    expect(() => createStandardWebhooksVerifier({ publicKey: "whpk_AAAA" })).toThrow(/`publicKey`/);
    expect(() => createStandardWebhooksSigner({ signingKey: "whsk_AAAA" })).toThrow(/`signingKey`/);
  });
});
