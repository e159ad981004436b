// Sentry's docs give the rule (hex HMAC-SHA256 with the Client Secret) and no vector:
// https://docs.sentry.io/organization/integrations/integration-platform/webhooks/ . Their sample
// hashes JSON.stringify(request.body); hookwise hashes the raw bytes (identical for compact JSON).
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createSentrySigner, createSentryVerifier } from "../../src/verify/sentry.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "sentry-client-secret";
const body = '{"action":"created","installation":{"uuid":"a8e5d37a"},"data":{"issue":{"id":"1"}}}';

describe("Sentry signature", () => {
  it("is the hex HMAC-SHA256 of the raw body under the client secret", async () => {
    const expected = createHmac("sha256", secret).update(body).digest("hex");
    await createSentryVerifier({ secret }).verify(
      makeRequest({ headers: { "sentry-hook-signature": expected }, body }),
    );
    expect(await createSentrySigner({ secret }).sign({ body: utf8(body), now: NOW_MS })).toEqual({
      "sentry-hook-signature": expected,
    });
  });
});

describeProviderScheme("Sentry", {
  verifier: (key) => createSentryVerifier({ secret: key }),
  signer: (key) => createSentrySigner({ secret: key }),
  signature: { header: "sentry-hook-signature", pattern: /^(.+)$/, codec: "hex" },
});
