// PagerDuty v3: `X-PagerDuty-Signature: v1=<hex HMAC-SHA256>[,v1=…]`
// (https://developer.pagerduty.com/docs/webhooks/webhook-signatures/); no published vector.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createPagerDutySigner, createPagerDutyVerifier } from "../../src/verify/pagerduty.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "pd-webhook-secret";
const body =
  '{"event":{"id":"01DEN1HNLBC1VITQ4ZCQQH0Q4A","event_type":"incident.triggered","occurred_at":"2026-01-01T00:00:00.000Z"}}';

describe("PagerDuty signature", () => {
  it("is v1= followed by the hex HMAC-SHA256 of the raw body", async () => {
    const expected = `v1=${createHmac("sha256", secret).update(body).digest("hex")}`;
    await createPagerDutyVerifier({ secret }).verify(
      makeRequest({ headers: { "x-pagerduty-signature": expected }, body }),
    );
    expect(await createPagerDutySigner({ secret }).sign({ body: utf8(body), now: NOW_MS })).toEqual(
      {
        "x-pagerduty-signature": expected,
      },
    );
  });
});

describeProviderScheme("PagerDuty", {
  verifier: (key) => createPagerDutyVerifier({ secret: key }),
  signer: (key) => createPagerDutySigner({ secret: key }),
  signature: { header: "x-pagerduty-signature", pattern: /^v1=([0-9a-f]+)/, codec: "hex" },
});
