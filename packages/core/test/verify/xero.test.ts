// Xero: "hashed using HMACSHA256 with your webhook signing key and base64 encoded"; the intent to
// receive payload below is the one Xero documents at
// https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/ (no signature
// vector is published). The key is used as its UTF-8 text, not base64-decoded.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createXeroSigner, createXeroVerifier } from "../../src/verify/xero.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret =
  "OSd0eLlVIY9ZhViEqlDUh4+6n6M+Lo+eDaEJheJ6OCCgWwIz2D3JIAU6jPMipHRbgKTLz2uJ+xiACXGDBLrgdA==";
const body =
  '{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}';

describe("Xero signature", () => {
  it("is the base64 HMAC-SHA256 of the raw body, keyed with the webhook key text", async () => {
    const expected = createHmac("sha256", secret).update(body).digest("base64");
    await createXeroVerifier({ secret }).verify(
      makeRequest({ headers: { "x-xero-signature": expected }, body }),
    );
    expect(await createXeroSigner({ secret }).sign({ body: utf8(body), now: NOW_MS })).toEqual({
      "x-xero-signature": expected,
    });
  });
});

describeProviderScheme("Xero", {
  verifier: (key) => createXeroVerifier({ secret: key }),
  signer: (key) => createXeroSigner({ secret: key }),
  signature: { header: "x-xero-signature", pattern: /^(.+)$/, codec: "base64" },
});
