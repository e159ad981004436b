import { createHmac } from "node:crypto";
import { WebhooksHelper } from "square";
import { describe, expect, it } from "vitest";
import { fromUtf8, utf8 } from "../../src/util/bytes.ts";
import { createSquareSigner, createSquareVerifier } from "../../src/verify/square.ts";
import { expectedVerdict, loadVectors, vectorRequest, vectorSecrets } from "../helpers/vectors.ts";
import { expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const key = "Ibxx_5AKakO-3qeNVR61Dw";
const notificationUrl = "https://hooks.example.com/webhooks/square?tenant=7";
const body =
  '{"merchant_id":"M1","type":"payment.updated","event_id":"e1","created_at":"2026-01-01T00:00:00Z","data":{}}';

async function sdkVerdict(
  requestBody: string,
  signatureHeader: string,
  url = notificationUrl,
): Promise<boolean> {
  return WebhooksHelper.verifySignature({
    requestBody,
    signatureHeader,
    signatureKey: key,
    notificationUrl: url,
  });
}

async function signed(
  payload: string | Uint8Array = body,
): Promise<ReturnType<typeof makeRequest>> {
  const bytes = typeof payload === "string" ? utf8(payload) : payload;
  const headers = await createSquareSigner({ secret: key }).sign({
    body: bytes,
    url: notificationUrl,
    now: NOW_MS,
  });
  return makeRequest({ headers, body: bytes, url: notificationUrl });
}

describe("Square verifier: published SDK test vector", () => {
  for (const vector of loadVectors("square")) {
    it(`${vector.id} is ${expectedVerdict(vector)}`, async () => {
      const verify = createSquareVerifier({ secret: vectorSecrets(vector) }).verify(
        vectorRequest(vector),
      );
      if (expectedVerdict(vector) === "valid") await verify;
      else await expect(verify).rejects.toMatchObject({ status: 401 });
    });
  }

  it("fails the vector with a trailing slash added to the URL or its query dropped", async () => {
    const [vector] = loadVectors("square");
    if (vector === undefined) throw new Error("no vector");
    const verifier = createSquareVerifier({ secret: vector.secret });
    const request = vectorRequest(vector);
    await expectRejected(
      verifier.verify({ ...request, url: `${request.url}/` }),
      "SIGNATURE_MISMATCH",
    );
  });
});

describe("Square verifier: interop with the square SDK", () => {
  const verifier = createSquareVerifier({ secret: key });

  it("signs what WebhooksHelper.verifySignature accepts, and accepts what it computes", async () => {
    const request = await signed();
    const header = request.headers.get("x-square-hmacsha256-signature") ?? "";
    expect(await sdkVerdict(body, header)).toBe(true);
    await verifier.verify(request);
  });

  it("rejects what the SDK rejects: another body, URL or key", async () => {
    const header = (await signed()).headers.get("x-square-hmacsha256-signature") ?? "";
    const other = body.replace("e1", "e2");
    expect(await sdkVerdict(other, header)).toBe(false);
    await expectRejected(
      verifier.verify(
        makeRequest({
          headers: { "x-square-hmacsha256-signature": header },
          body: other,
          url: notificationUrl,
        }),
      ),
      "SIGNATURE_MISMATCH",
      [key],
    );
    const otherUrl = "https://hooks.example.com/webhooks/square";
    expect(await sdkVerdict(body, header, otherUrl)).toBe(false);
    await expectRejected(
      verifier.verify(
        makeRequest({ headers: { "x-square-hmacsha256-signature": header }, body, url: otherUrl }),
      ),
      "SIGNATURE_MISMATCH",
    );
    await expectRejected(
      createSquareVerifier({ secret: "another-key" }).verify(await signed()),
      "SIGNATURE_MISMATCH",
    );
  });
});

describe("Square verifier: options", () => {
  it("uses `publicUrl` when the server sees another URL", async () => {
    const request = await signed();
    const local = { ...request, url: "http://127.0.0.1:8080/webhooks/square?tenant=7" };
    await expectRejected(createSquareVerifier({ secret: key }).verify(local), "SIGNATURE_MISMATCH");
    await createSquareVerifier({ secret: key, publicUrl: "https://hooks.example.com" }).verify(
      local,
    );
  });

  it("accepts any configured key while rotating", async () => {
    await createSquareVerifier({ secret: ["new-key", key] }).verify(await signed());
  });

  it("accepts the legacy HMAC-SHA1 header only when `allowLegacySha1` is set", async () => {
    const sha1 = createHmac("sha1", key)
      .update(notificationUrl + body)
      .digest("base64");
    const request = makeRequest({
      headers: { "x-square-signature": sha1 },
      body,
      url: notificationUrl,
    });
    await expectRejected(
      createSquareVerifier({ secret: key }).verify(request),
      "SIGNATURE_MISSING",
    );
    await createSquareVerifier({ secret: key, allowLegacySha1: true }).verify(request);
    const ours = await createSquareSigner({ secret: key, allowLegacySha1: true }).sign({
      body: utf8(body),
      url: notificationUrl,
      now: NOW_MS,
    });
    expect(ours["x-square-signature"]).toBe(sha1);
  });

  it("prefers the SHA-256 header when both are present, even with `allowLegacySha1`", async () => {
    const request = await signed();
    const headers = new Headers(request.headers);
    headers.set("x-square-hmacsha256-signature", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    headers.set(
      "x-square-signature",
      createHmac("sha1", key)
        .update(notificationUrl + body)
        .digest("base64"),
    );
    await expectRejected(
      createSquareVerifier({ secret: key, allowLegacySha1: true }).verify({ ...request, headers }),
      "SIGNATURE_MISMATCH",
    );
  });

  it("needs the notification URL to sign", async () => {
    await expect(
      createSquareSigner({ secret: key }).sign({ body: utf8(body), now: NOW_MS }),
    ).rejects.toThrow(/`url`/);
  });

  it("reports a missing signature", async () => {
    await expectRejected(
      createSquareVerifier({ secret: key }).verify(makeRequest({ headers: {}, body })),
      "SIGNATURE_MISSING",
    );
    expect(fromUtf8((await signed()).body)).toBe(body);
  });
});

describe("Square verifier: tampering", () => {
  itRejectsEveryBitFlip({
    verifier: createSquareVerifier({ secret: key }),
    sign: (payload) => signed(payload),
    signature: { header: "x-square-hmacsha256-signature", pattern: /^(.*)$/, codec: "base64" },
  });
});
