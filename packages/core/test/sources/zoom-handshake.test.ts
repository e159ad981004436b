import { createHmac } from "node:crypto";
import { silentLogger } from "../../src/util/logger.ts";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { describe, expect, it } from "vitest";
import { createIngestor } from "../../src/create-ingestor.ts";
import { zoomSource } from "../../src/sources/presets/zoom.ts";
import type { HandshakeContext, Source } from "../../src/sources/source.ts";
import { createFakeClock } from "../../src/testing/fake-clock.ts";
import { utf8 } from "../../src/util/bytes.ts";
import { createZoomSigner } from "../../src/verify/zoom.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "zoom-secret-token-aB3dE5";
const plainToken = "qgg8vlvZRS6UYooatFL8Aw";
const validation = JSON.stringify({
  payload: { plainToken },
  event_ts: NOW_MS,
  event: "endpoint.url_validation",
});
const encryptedToken = (key: string): string =>
  createHmac("sha256", key).update(plainToken).digest("hex");

async function post(
  body: string,
  signWith: string | null = secret,
  configured: string | string[] = secret,
  source: Source = zoomSource({ secret: configured }),
): Promise<Response> {
  const ingestor = createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources: [source],
    clock: createFakeClock(NOW_MS),
  });
  const bytes = utf8(body);
  const signature =
    signWith === null
      ? {}
      : await createZoomSigner({ secret: signWith }).sign({ body: bytes, now: NOW_MS });
  const response = await ingestor.fetch(
    new Request("http://127.0.0.1/webhooks/zoom", {
      method: "POST",
      headers: { ...signature, "content-type": "application/json" },
      body: bytes as Uint8Array<ArrayBuffer>,
    }),
  );
  await ingestor.close();
  return response;
}

describe("Zoom endpoint.url_validation", () => {
  it("answers a signed validation with plainToken and its HMAC, through the ingestor", async () => {
    const response = await post(validation);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ plainToken, encryptedToken: encryptedToken(secret) });
  });

  it("answers an unsigned or wrongly signed validation with 401 and no token", async () => {
    for (const signWith of [null, "another-secret"]) {
      const response = await post(validation, signWith);
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(text).not.toContain(encryptedToken(secret));
      expect(text).not.toContain(plainToken);
    }
  });

  it("keys the answer with whichever secret signed while two are configured", async () => {
    for (const signWith of [secret, "new-secret"]) {
      const response = await post(validation, signWith, [secret, "new-secret"]);
      expect(await response.json()).toEqual({
        plainToken,
        encryptedToken: encryptedToken(signWith),
      });
    }
  });

  it("answers from the verification the verifier resolved for the request", async () => {
    const source = zoomSource({ secret: [secret, "new-secret"] });
    const body = utf8(validation);
    const headers = await createZoomSigner({ secret: "new-secret" }).sign({ body, now: NOW_MS });
    const verification = await source.verifier.verify(makeRequest({ headers, body }));
    expect(verification).toMatchObject({ secretIndex: 1 });
    const context = (extra: Partial<HandshakeContext>): HandshakeContext => ({
      payload: JSON.parse(validation) as unknown,
      headers: new Headers(headers),
      body,
      verification: verification ?? {},
      ...extra,
    });
    const answer = await source.handshake?.(context({}));
    expect(JSON.parse(answer?.body ?? "null")).toEqual({
      plainToken,
      encryptedToken: encryptedToken("new-secret"),
    });
    // Answered again for a second verified delivery: nothing is remembered between requests.
    expect(await source.handshake?.(context({}))).toMatchObject({ status: 200 });
    // With several secrets and no word on which signed, any answer could be wrong: none is given.
    expect(await source.handshake?.(context({ verification: {} }))).toBeUndefined();
  });

  it("keeps answering through a custom verifier that resolves undefined, with one secret", async () => {
    const base = zoomSource({ secret });
    const source: Source = {
      ...base,
      verifier: {
        scheme: "wrapped-zoom",
        // A verifier written before verification results existed.
        async verify(request) {
          await base.verifier.verify(request);
        },
      },
    };
    const response = await post(validation, secret, secret, source);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ plainToken, encryptedToken: encryptedToken(secret) });
    expect((await post(validation, "another-secret", secret, source)).status).toBe(401);
  });

  it("treats anything but that exact shape as an ordinary event", async () => {
    const notValidations = [
      { payload: { plainToken, extra: 1 }, event_ts: NOW_MS, event: "endpoint.url_validation" },
      {
        payload: { plainToken },
        event_ts: NOW_MS,
        event: "endpoint.url_validation",
        account_id: "A",
      },
      { payload: { plainToken: 42 }, event_ts: NOW_MS, event: "endpoint.url_validation" },
      { payload: { plainToken: "" }, event_ts: NOW_MS, event: "endpoint.url_validation" },
      { payload: { plainToken }, event_ts: NOW_MS, event: "meeting.started" },
    ];
    for (const message of notValidations) {
      const response = await post(JSON.stringify(message));
      // No transformer is registered, so an ordinary event is answered 200 "ignored".
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "ignored" });
    }
  });
});
