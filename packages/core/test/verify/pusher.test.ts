import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import Pusher from "pusher";
import { pusherSource } from "../../src/sources/presets/pusher.ts";
import { decodeHex, encodeHex } from "../../src/verify/encoding.ts";
import { createPusherSigner, createPusherVerifier } from "../../src/verify/pusher.ts";
import { singleBitProperties } from "../helpers/single-bit-properties.ts";
import { expectNoLeak, expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

// The SDK's own signer (what Pusher's servers compute): not exported from the package root.
const Token = createRequire(import.meta.url)("pusher/lib/token") as new (
  key: string,
  secret: string,
) => { sign(body: string): string };

const credentials = { key: "3a9f1e0c2b7d4e5f6a7b", secret: "7ad3773142a6692b25b8" };
const pusher = new Pusher({ appId: "1", cluster: "eu", ...credentials });
const payload = JSON.stringify({
  time_ms: 1767225600000,
  events: [{ name: "channel_occupied", channel: "presence-room-1" }],
});
const bytes = new TextEncoder().encode(payload);
const sdkAccepts = (headers: Record<string, string>, body = payload): boolean =>
  pusher
    .webhook({ headers: { "content-type": "application/json", ...headers }, rawBody: body })
    .isValid();
const sign = async (
  body: Uint8Array = bytes,
  creds = credentials,
): Promise<Record<string, string>> =>
  createPusherSigner({ credentials: creds }).sign({ body, now: NOW_MS });

describe("Pusher, interop with pusher (webhook().isValid())", () => {
  const verifier = createPusherVerifier({ credentials });

  it("our signer → the SDK accepts; the SDK's Token signature → we accept", async () => {
    const ours = await sign();
    expect(ours["x-pusher-key"]).toBe(credentials.key);
    expect(sdkAccepts(ours)).toBe(true);
    const theirs = {
      "x-pusher-key": credentials.key,
      "x-pusher-signature": new Token(credentials.key, credentials.secret).sign(payload),
    };
    expect(theirs["x-pusher-signature"]).toBe(ours["x-pusher-signature"]);
    await expect(verifier.verify(request(theirs, payload))).resolves.toEqual({ secretIndex: 0 });
  });

  it("both reject a tampered body, a wrong secret and an unknown app key", async () => {
    const headers = await sign();
    const tampered = payload.replace("room-1", "room-2");
    expect(sdkAccepts(headers, tampered)).toBe(false);
    await expectRejected(verifier, request(headers, tampered), "SIGNATURE_MISMATCH");
    const wrong = await sign(bytes, { ...credentials, secret: "wrong-secret-000" });
    expect(sdkAccepts(wrong)).toBe(false);
    const error = await expectRejected(verifier, request(wrong, payload), "SIGNATURE_MISMATCH");
    expectNoLeak(error, credentials.secret, wrong["x-pusher-signature"] ?? "");
    const otherApp = { ...headers, "x-pusher-key": "another-key" };
    expect(sdkAccepts(otherApp)).toBe(false);
    await expectRejected(verifier, request(otherApp, payload), "SIGNATURE_MISMATCH");
  });

  it("names a missing key, a missing signature and a malformed one", async () => {
    const headers = await sign();
    await expectRejected(verifier, request({}, payload), "SIGNATURE_MISSING");
    await expectRejected(
      verifier,
      request({ "x-pusher-key": credentials.key }, payload),
      "SIGNATURE_MISSING",
    );
    await expectRejected(
      verifier,
      request({ ...headers, "x-pusher-signature": "not-hex" }, payload),
      "SIGNATURE_MALFORMED",
    );
  });

  it("picks the secret by X-Pusher-Key among several apps (and tries each entry of a repeated key), reporting its index", async () => {
    const other = { key: "other-app-key", secret: "other-app-secret" };
    const rotated = { key: credentials.key, secret: "next-secret-of-app-1" };
    const several = createPusherVerifier({ credentials: [other, rotated, credentials] });
    await expect(several.verify(request(await sign(), payload))).resolves.toEqual({
      secretIndex: 2,
    });
    await expect(several.verify(request(await sign(bytes, other), payload))).resolves.toEqual({
      secretIndex: 0,
    });
  });

  it("the preset keys on time_ms and the events, types a single event by name, and reads time_ms", () => {
    const source = pusherSource({ credentials });
    const context = {
      payload: JSON.parse(payload) as unknown,
      headers: new Headers(),
      body: bytes,
    };
    expect(source.id(context)).toBe("1767225600000:channel_occupied/presence-room-1/");
    expect(source.type(context)).toBe("channel_occupied");
    expect(source.occurredAt?.(context)).toBe(1767225600000);
  });

  describe("single-bit changes", () => {
    singleBitProperties({
      verifier: () => createPusherVerifier({ credentials }),
      sign: async (body) => ({ headers: await sign(body) }),
      signature: {
        header: "x-pusher-signature",
        pattern: /^(.+)$/,
        decode: decodeHex,
        encode: encodeHex,
      },
    });
  });
});
