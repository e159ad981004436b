// Zendesk: base64(HMACSHA256(TIMESTAMP + BODY)), https://developer.zendesk.com/documentation/webhooks/verifying/
// An older copy of that page (https://developer.zendesk.com/documentation/event-connectors/webhooks/verifying/)
// wrote the formula as (BODY)(TIMESTAMP) and published a vector that matches that order; the current
// formula, and Zendesk's current Node sample, put the timestamp first. hookwise follows the current
// page; the old vector is kept below to show it is the other order, not a different key rule.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createZendeskSigner, createZendeskVerifier } from "../../src/verify/zendesk.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { expectRejected, makeRequest } from "../helpers/tamper.ts";

const OLD_DOC = {
  secret: "HRkRd4BeOAoUkfZr-mhauJT64rvBASlJRoIyPsd3zeA=",
  body: '{"say": "hello"}',
  timestamp: "2021-07-25T10:00:00Z",
  signature: "tRDSF7URY8BLCDlaBcQ7FHu051Zk+aAB0NKMP53teMw=",
};
const AT_TIMESTAMP = Date.parse(OLD_DOC.timestamp);

describe("Zendesk signature", () => {
  it("reproduces the published vector's arithmetic (body then timestamp, secret as UTF-8 text)", () => {
    const digest = createHmac("sha256", OLD_DOC.secret)
      .update(OLD_DOC.body + OLD_DOC.timestamp)
      .digest("base64");
    expect(digest).toBe(OLD_DOC.signature);
  });

  it("verifies the current documented order, timestamp then body, with the same inputs", async () => {
    const current = createHmac("sha256", OLD_DOC.secret)
      .update(OLD_DOC.timestamp + OLD_DOC.body)
      .digest("base64");
    const request = (signature: string) =>
      makeRequest({
        headers: {
          "x-zendesk-webhook-signature": signature,
          "x-zendesk-webhook-signature-timestamp": OLD_DOC.timestamp,
        },
        body: OLD_DOC.body,
        now: AT_TIMESTAMP,
      });
    const verifier = createZendeskVerifier({ secret: OLD_DOC.secret });
    expect(await verifier.verify(request(current))).toEqual({
      secretIndex: 0,
      timestamp: AT_TIMESTAMP,
    });
    // The stale page's order is not accepted: the difference is named here on purpose.
    await expectRejected(verifier.verify(request(OLD_DOC.signature)), "SIGNATURE_MISMATCH");
    const signed = await createZendeskSigner({ secret: OLD_DOC.secret }).sign({
      body: utf8(OLD_DOC.body),
      now: AT_TIMESTAMP,
    });
    expect(signed).toEqual({
      "x-zendesk-webhook-signature": current,
      "x-zendesk-webhook-signature-timestamp": OLD_DOC.timestamp,
    });
  });
});

describeProviderScheme("Zendesk", {
  verifier: (key) => createZendeskVerifier({ secret: key }),
  signer: (key) => createZendeskSigner({ secret: key }),
  signature: { header: "x-zendesk-webhook-signature", pattern: /^(.+)$/, codec: "base64" },
  timestamp: {
    header: "x-zendesk-webhook-signature-timestamp",
    pattern: /^(.+)$/,
    pastSeconds: 300,
    futureSeconds: 300,
  },
});
