// Lemon Squeezy documents an HMAC hex digest of the payload with the signing secret and gives no
// vector: https://docs.lemonsqueezy.com/help/webhooks/signing-requests ; payload shape from
// https://docs.lemonsqueezy.com/api/webhooks
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import {
  createLemonSqueezySigner,
  createLemonSqueezyVerifier,
} from "../../src/verify/lemon-squeezy.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "ls-signing-secret";
const body =
  '{"meta":{"event_name":"order_created"},"data":{"type":"orders","id":"1","attributes":{"updated_at":"2021-05-24T14:15:07.000000Z"}}}';

describe("Lemon Squeezy signature", () => {
  it("is the hex HMAC-SHA256 of the raw body under the signing secret", async () => {
    const expected = createHmac("sha256", secret).update(body).digest("hex");
    await createLemonSqueezyVerifier({ secret }).verify(
      makeRequest({ headers: { "x-signature": expected }, body }),
    );
    expect(
      await createLemonSqueezySigner({ secret }).sign({ body: utf8(body), now: NOW_MS }),
    ).toEqual({
      "x-signature": expected,
    });
  });
});

describeProviderScheme("Lemon Squeezy", {
  verifier: (key) => createLemonSqueezyVerifier({ secret: key }),
  signer: (key) => createLemonSqueezySigner({ secret: key }),
  signature: { header: "x-signature", pattern: /^(.+)$/, codec: "hex" },
});
