// Segment's Webhooks destination signs with HMAC-SHA1 of the body under the Shared Secret, hex in
// `X-Signature` (https://segment.com/docs/connections/destinations/catalog/webhooks/); no vector.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createSegmentSigner, createSegmentVerifier } from "../../src/verify/segment.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "segment-shared-secret";
const body =
  '{"messageId":"ajs-1","type":"track","event":"Order Completed","timestamp":"2026-01-01T00:00:00.000Z"}';

describe("Segment signature", () => {
  it("is the hex HMAC-SHA1 (not SHA-256) of the raw body under the shared secret", async () => {
    const expected = createHmac("sha1", secret).update(body).digest("hex");
    await createSegmentVerifier({ secret }).verify(
      makeRequest({ headers: { "x-signature": expected }, body }),
    );
    expect(await createSegmentSigner({ secret }).sign({ body: utf8(body), now: NOW_MS })).toEqual({
      "x-signature": expected,
    });
  });
});

describeProviderScheme("Segment", {
  verifier: (key) => createSegmentVerifier({ secret: key }),
  signer: (key) => createSegmentSigner({ secret: key }),
  signature: { header: "x-signature", pattern: /^(.+)$/, codec: "hex" },
});
