import { createHash, createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Receiver } from "@upstash/qstash";
import { qstashSource } from "../../src/sources/presets/qstash.ts";
import { DIAGNOSIS_BODY_RESERIALIZED } from "../../src/verify/diagnose.ts";
import { decodeBase64Url, encodeBase64Url } from "../../src/verify/encoding.ts";
import { createQStashSigner, createQStashVerifier } from "../../src/verify/qstash.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const currentSigningKey = "sig_current_7h2kQm9XbR4tLw8P";
const nextSigningKey = "sig_next_3vNf6YcJ1sDz5gHa";
const url = "https://hooks.example.com/webhooks";
const payload = JSON.stringify({ hello: "world", n: 1 });
const bytes = new TextEncoder().encode(payload);
const now = NOW_MS / 1000;
const header = "upstash-signature";
const keys = { currentSigningKey, nextSigningKey };
const verifier = createQStashVerifier(keys);

/** A token built by hand from the docs' example (padded base64url `body`, HS256). */
function documented(
  claims: Record<string, unknown> = {},
  key = currentSigningKey,
  alg = "HS256",
): string {
  const b64 = (value: object): string => Buffer.from(JSON.stringify(value)).toString("base64url");
  const bodyHash = createHash("sha256").update(payload).digest("base64url") + "=";
  const input = `${b64({ alg, typ: "JWT" })}.${b64({
    iss: "Upstash",
    sub: url,
    exp: now + 300,
    nbf: now,
    iat: now,
    jti: "jwt_67kxXD6UBAk7DqU6hzuHMDdXFXfP",
    body: bodyHash,
    ...claims,
  })}`;
  const hash = alg === "HS512" ? "sha512" : "sha256";
  return `${input}.${createHmac(hash, key).update(input).digest("base64url")}`;
}

async function sdkAccepts(
  signature: string,
  options: { body?: string; url?: string | null; clockTolerance?: number } = {},
): Promise<boolean> {
  try {
    const receiver = new Receiver({ ...keys, devMode: false });
    return await receiver.verify({
      signature,
      body: options.body ?? payload,
      ...(options.url === null ? {} : { url: options.url ?? url }),
      ...(options.clockTolerance === undefined ? {} : { clockTolerance: options.clockTolerance }),
    });
  } catch {
    return false;
  }
}

const withToken = (token: string, body = payload) =>
  request({ [header]: token }, body, NOW_MS, { url });

describe("Upstash QStash, interop with @upstash/qstash (Receiver.verify)", () => {
  // jose (under the SDK) reads Date.now(); pin it to the tests' clock.
  beforeEach(() => vi.useFakeTimers({ now: NOW_MS, toFake: ["Date"] }));
  afterEach(() => vi.useRealTimers());

  it("our signer → the Receiver accepts; the documented token (what QStash sends) → we accept, reporting iat", async () => {
    const ours = await createQStashSigner({ signingKey: currentSigningKey }).sign({
      body: bytes,
      now: NOW_MS,
      url,
    });
    expect(await sdkAccepts(ours[header] ?? "")).toBe(true);
    expect(await sdkAccepts(documented())).toBe(true);
    await expect(verifier.verify(withToken(documented()))).resolves.toEqual({
      secretIndex: 0,
      timestamp: NOW_MS,
    });
    await expect(verifier.verify(withToken(ours[header] ?? ""))).resolves.toEqual({
      secretIndex: 0,
      timestamp: NOW_MS,
    });
  });

  it("a token signed with the next signing key verifies as secretIndex 1 (after a key roll)", async () => {
    const token = documented({}, nextSigningKey);
    expect(await sdkAccepts(token)).toBe(true);
    await expect(verifier.verify(withToken(token))).resolves.toEqual({
      secretIndex: 1,
      timestamp: NOW_MS,
    });
  });

  it("both reject a tampered body, an unknown key, another issuer and an expired or not-yet-valid token", async () => {
    const tampered = payload.replace("world", "wurld");
    expect(await sdkAccepts(documented(), { body: tampered })).toBe(false);
    await expectRejected(verifier, withToken(documented(), tampered), "SIGNATURE_MISMATCH");
    const foreign = documented({}, "sig_someone_else_entirely");
    expect(await sdkAccepts(foreign)).toBe(false);
    expectNoLeak(
      await expectRejected(verifier, withToken(foreign), "SIGNATURE_MISMATCH"),
      currentSigningKey,
      foreign,
    );
    const issuer = documented({ iss: "Mallory" });
    expect(await sdkAccepts(issuer)).toBe(false);
    await expectRejected(verifier, withToken(issuer), "SIGNATURE_MISMATCH");
    const expired = documented({ exp: now });
    expect(await sdkAccepts(expired)).toBe(false);
    await expectRejected(verifier, withToken(expired), "TIMESTAMP_OUT_OF_TOLERANCE");
    const early = documented({ nbf: now + 1 });
    expect(await sdkAccepts(early)).toBe(false);
    await expectRejected(verifier, withToken(early), "TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("tolerance is the SDK's clockTolerance: slack after exp and before nbf", async () => {
    const expired = documented({ exp: now - 10 });
    expect(await sdkAccepts(expired, { clockTolerance: 30 })).toBe(true);
    await createQStashVerifier({ ...keys, tolerance: 30 }).verify(withToken(expired));
    const early = documented({ nbf: now + 10 });
    expect(await sdkAccepts(early, { clockTolerance: 30 })).toBe(true);
    await createQStashVerifier({ ...keys, tolerance: { futureSeconds: 30 } }).verify(
      withToken(early),
    );
  });

  it("rejects a token for another URL: the SDK checks `sub` only when given `url`, and accepts it without", async () => {
    const other = documented({ sub: "https://attacker.example/hook" });
    expect(await sdkAccepts(other, { url: null })).toBe(true);
    expect(await sdkAccepts(other)).toBe(false);
    await expectRejected(verifier, withToken(other), "SIGNATURE_MISMATCH");
    const proxied = request({ [header]: documented() }, payload, NOW_MS, {
      url: "http://10.0.0.7:3000/webhooks",
    });
    await expectRejected(verifier, proxied, "SIGNATURE_MISMATCH");
    await createQStashVerifier({ ...keys, publicUrl: "https://hooks.example.com" }).verify(proxied);
  });

  it("rejects an HS512 token, which the SDK accepts (jose allows every HMAC size; QStash signs HS256)", async () => {
    const hs512 = documented({}, currentSigningKey, "HS512");
    expect(await sdkAccepts(hs512)).toBe(true);
    await expectRejected(verifier, withToken(hs512), "SIGNATURE_MALFORMED");
  });

  it("rejects a token without exp or nbf, which the SDK accepts forever (the docs say to check both)", async () => {
    const forever = documented({ exp: undefined, nbf: undefined });
    expect(await sdkAccepts(forever)).toBe(true);
    await expectRejected(verifier, withToken(forever), "TIMESTAMP_INVALID");
    await expectRejected(verifier, withToken(documented({ exp: "soon" })), "TIMESTAMP_INVALID");
  });

  it("accepts the body claim padded (as the docs show) or not, and nothing but base64url of 32 bytes", async () => {
    const unpadded = documented({ body: createHash("sha256").update(payload).digest("base64url") });
    expect(await sdkAccepts(unpadded)).toBe(true);
    await verifier.verify(withToken(unpadded));
    await expectRejected(verifier, withToken(documented({ body: "abc" })), "SIGNATURE_MALFORMED");
    await expectRejected(
      verifier,
      withToken(documented({ body: undefined })),
      "SIGNATURE_MALFORMED",
    );
  });

  it("names a missing header and a value that is not a compact JWT", async () => {
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expectRejected(verifier, withToken("not-a-jwt"), "SIGNATURE_MALFORMED");
    const none = documented().split(".").slice(0, 2).join(".") + ".";
    await expectRejected(verifier, withToken(none), "SIGNATURE_MALFORMED");
  });

  it("diagnoses a body re-serialised by a parser, without leaking the key or the token", async () => {
    const spaced = JSON.stringify(JSON.parse(payload), null, 2);
    const token = documented({ body: createHash("sha256").update(spaced).digest("base64url") });
    const error = await expectRejected(verifier, withToken(token), "SIGNATURE_MISMATCH");
    expect(error.diagnosis).toBe(DIAGNOSIS_BODY_RESERIALIZED);
    expectNoLeak(error, currentSigningKey, nextSigningKey, token);
    await expectRejected(
      createQStashVerifier({ ...keys, diagnose: false }),
      withToken(token),
      "SIGNATURE_MISMATCH",
    );
  });

  it("the preset reads upstash-message-id and types every delivery `message`", () => {
    const source = qstashSource(keys);
    const headers = new Headers({
      "upstash-message-id": "msg_26hZCxZCuWyyTWPmSVBrNC1RADwpgWxPcak2rQD51EMjFMuzcW7qYXpPiDyw8Gd",
    });
    const context = { payload: JSON.parse(payload) as unknown, headers, body: bytes };
    expect(source.id(context)).toBe(
      "msg_26hZCxZCuWyyTWPmSVBrNC1RADwpgWxPcak2rQD51EMjFMuzcW7qYXpPiDyw8Gd",
    );
    expect(source.type(context)).toBe("message");
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => verifier,
      sign: async (body) => ({
        headers: await createQStashSigner({ signingKey: currentSigningKey }).sign({
          body,
          now: NOW_MS,
          url,
        }),
      }),
      signature: {
        header,
        pattern: /\.([A-Za-z0-9_-]+)$/,
        decode: decodeBase64Url,
        encode: encodeBase64Url,
      },
    });
  });
});
