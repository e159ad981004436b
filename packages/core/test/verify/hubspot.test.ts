import { Signature } from "@hubspot/api-client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import {
  createHubSpotSigner,
  createHubSpotVerifier,
  decodeHubSpotUri,
} from "../../src/verify/hubspot.ts";
import { hubSpotLegacySignature } from "../../src/verify/hubspot-legacy.ts";
import { expectedVerdict, loadVectors, vectorRequest, vectorSecrets } from "../helpers/vectors.ts";
import { expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "4f1c2b9e-0d3a-4c5b-8e7f-6a5b4c3d2e1f";
const url = "https://hooks.example.com/webhooks/hubspot?portal=62515";
const body =
  '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1767225600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123}]';

async function signed(
  payload: string | Uint8Array = body,
  at = url,
  now = NOW_MS,
): Promise<ReturnType<typeof makeRequest>> {
  const bytes = typeof payload === "string" ? utf8(payload) : payload;
  const headers = await createHubSpotSigner({ secret }).sign({
    body: bytes,
    url: at,
    method: "POST",
    now,
  });
  return makeRequest({ headers, body: bytes, url: at });
}

function sdkVerdict(request: ReturnType<typeof makeRequest>, requestBody = body): boolean {
  try {
    return Signature.isValid({
      signatureVersion: "v3",
      signature: request.headers.get("x-hubspot-signature-v3") ?? "",
      clientSecret: secret,
      requestBody,
      url: request.url,
      method: request.method,
      timestamp: Number(request.headers.get("x-hubspot-request-timestamp")),
    });
  } catch {
    return false;
  }
}

describe("HubSpot verifier: published v1/v2 examples", () => {
  for (const scheme of ["hubspot-v1", "hubspot-v2"] as const) {
    for (const vector of loadVectors(scheme)) {
      it(`${vector.id} is ${expectedVerdict(vector)} when ${scheme.slice(-2)} is allowed`, async () => {
        const verifier = createHubSpotVerifier({
          secret: vectorSecrets(vector),
          versions: ["v3", "v2", "v1"],
        });
        if (expectedVerdict(vector) === "valid") await verifier.verify(vectorRequest(vector));
        else
          await expect(verifier.verify(vectorRequest(vector))).rejects.toMatchObject({
            status: 401,
          });
        await expectRejected(
          createHubSpotVerifier({ secret: vector.secret }).verify(vectorRequest(vector)),
          "SIGNATURE_MISSING",
        );
      });
    }
  }

  it("rejects a v2 example tampered, and a version that is not allowed", async () => {
    const [vector] = loadVectors("hubspot-v2");
    if (vector === undefined) throw new Error("no vector");
    const request = vectorRequest(vector);
    const both = createHubSpotVerifier({ secret: vector.secret, versions: ["v1", "v2"] });
    await expectRejected(both.verify({ ...request, method: "PUT" }), "SIGNATURE_MISMATCH", [
      vector.secret,
    ]);
    await expectRejected(
      createHubSpotVerifier({ secret: vector.secret, versions: ["v1"] }).verify(request),
      "SIGNATURE_MALFORMED",
    );
    expect(await hubSpotLegacySignature("v2", vector.secret, request)).toBe(
      vector.headers["x-hubspot-signature"],
    );
  });
});

describe("HubSpot verifier: v3 interop with @hubspot/api-client", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW_MS);
  });
  afterEach(() => vi.useRealTimers());
  const verifier = createHubSpotVerifier({ secret });

  it("signs what Signature.isValid accepts, and accepts what Signature.getSignature computes", async () => {
    const request = await signed();
    expect(sdkVerdict(request)).toBe(true);
    await verifier.verify(request);
    const theirs = Signature.getSignature("POST", "v3", {
      signature: "",
      clientSecret: secret,
      requestBody: body,
      url,
      timestamp: NOW_MS,
    });
    const headers = {
      "x-hubspot-signature-v3": theirs,
      "x-hubspot-request-timestamp": String(NOW_MS),
    };
    await verifier.verify(makeRequest({ headers, body, url }));
  });

  it("rejects what the SDK rejects: another body, method or URL", async () => {
    const request = await signed();
    const other = body.replace("123", "124");
    expect(sdkVerdict(request, other)).toBe(false);
    await expectRejected(verifier.verify({ ...request, body: utf8(other) }), "SIGNATURE_MISMATCH", [
      secret,
    ]);
    expect(sdkVerdict({ ...request, method: "PUT" })).toBe(false);
    await expectRejected(verifier.verify({ ...request, method: "PUT" }), "SIGNATURE_MISMATCH");
    const otherUrl = url.replace("62515", "1");
    expect(sdkVerdict({ ...request, url: otherUrl })).toBe(false);
    await expectRejected(verifier.verify({ ...request, url: otherUrl }), "SIGNATURE_MISMATCH");
  });

  it("rejects a timestamp older than five minutes, like the SDK", async () => {
    const stale = await signed(body, url, NOW_MS - 300_001);
    expect(sdkVerdict(stale)).toBe(false);
    await expectRejected(verifier.verify(stale), "TIMESTAMP_OUT_OF_TOLERANCE");
    await verifier.verify(await signed(body, url, NOW_MS - 300_000));
  });

  it("deviates from the SDK: a timestamp more than five minutes ahead is rejected (the SDK accepts any future one)", async () => {
    const ahead = await signed(body, url, NOW_MS + 3_600_000);
    expect(sdkVerdict(ahead)).toBe(true);
    await expectRejected(verifier.verify(ahead), "TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("follows the docs on percent-escapes (decoded before signing) and still accepts the SDK's undecoded form", async () => {
    const escaped =
      "https://hooks.example.com/webhooks/hubspot?redirect=https%3A%2F%2Fapp.example%2Fx%3Fa%3D1";
    expect(decodeHubSpotUri(escaped)).toBe(
      "https://hooks.example.com/webhooks/hubspot?redirect=https://app.example/x?a%3D1",
    );
    const docsSigned = await signed(body, escaped);
    await verifier.verify(docsSigned);
    expect(sdkVerdict(docsSigned)).toBe(false);
    const theirs = Signature.getSignature("POST", "v3", {
      signature: "",
      clientSecret: secret,
      requestBody: body,
      url: escaped,
      timestamp: NOW_MS,
    });
    const headers = {
      "x-hubspot-signature-v3": theirs,
      "x-hubspot-request-timestamp": String(NOW_MS),
    };
    await verifier.verify(makeRequest({ headers, body, url: escaped }));
  });
});

describe("HubSpot verifier: options and failures", () => {
  it("rebuilds the public URL from `publicUrl`", async () => {
    const request = await signed();
    const local = { ...request, url: "http://127.0.0.1:3000/webhooks/hubspot?portal=62515" };
    await expectRejected(createHubSpotVerifier({ secret }).verify(local), "SIGNATURE_MISMATCH");
    await createHubSpotVerifier({ secret, publicUrl: "https://hooks.example.com" }).verify(local);
  });

  it("accepts any configured secret while rotating, and refuses bad `versions`", async () => {
    await createHubSpotVerifier({ secret: ["new", secret] }).verify(await signed());
    expect(() => createHubSpotVerifier({ secret, versions: [] })).toThrow(/`versions`/);
  });

  it("says what is missing", async () => {
    const verifier = createHubSpotVerifier({ secret });
    await expectRejected(
      verifier.verify(makeRequest({ headers: {}, body, url })),
      "SIGNATURE_MISSING",
    );
    const noTimestamp = makeRequest({
      headers: { "x-hubspot-signature-v3": Buffer.alloc(32).toString("base64") },
      body,
      url,
    });
    await expectRejected(verifier.verify(noTimestamp), "TIMESTAMP_INVALID");
  });
});

describe("HubSpot verifier: tampering", () => {
  itRejectsEveryBitFlip({
    verifier: createHubSpotVerifier({ secret }),
    sign: (payload) => signed(payload),
    signature: { header: "x-hubspot-signature-v3", pattern: /^(.*)$/, codec: "base64" },
    timestamp: { header: "x-hubspot-request-timestamp", pattern: /^(\d+)$/ },
  });
});
