// Intuit documents the rule (HMAC-SHA256 of the payload with the Verifier Token, base64 in
// `intuit-signature`) but publishes no signature vector; the sample payload is Intuit's own:
// https://developer.intuit.com/app/developer/qbo/docs/develop/webhooks/managing-webhooks-notifications
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createIntuitSigner, createIntuitVerifier } from "../../src/verify/intuit.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "verifier-token-1a2b";
const body =
  '{"eventNotifications":[{"realmId":"1185883450","dataChangeEvent":{"entities":[{"name":"Customer","id":"1","operation":"Create","lastUpdated":"2015-10-05T14:42:19-0700"}]}}]}';

describe("Intuit QuickBooks signature", () => {
  it("is the base64 HMAC-SHA256 of Intuit's sample payload under the verifier token", async () => {
    const expected = createHmac("sha256", secret).update(body).digest("base64");
    await createIntuitVerifier({ secret }).verify(
      makeRequest({ headers: { "intuit-signature": expected }, body }),
    );
    expect(await createIntuitSigner({ secret }).sign({ body: utf8(body), now: NOW_MS })).toEqual({
      "intuit-signature": expected,
    });
  });
});

describeProviderScheme("Intuit QuickBooks", {
  verifier: (key) => createIntuitVerifier({ secret: key }),
  signer: (key) => createIntuitSigner({ secret: key }),
  signature: { header: "intuit-signature", pattern: /^(.+)$/, codec: "base64" },
});
