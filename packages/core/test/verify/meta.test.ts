// Meta documents the scheme but publishes no signature example vector:
// https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads
// ("we generate the signature using an escaped unicode version of the payload, with lowercase hex
// digits"), so the vectors here are computed independently with node:crypto.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createMetaSigner, createMetaVerifier } from "../../src/verify/meta.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { expectRejected, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "meta-app-secret";
// What Meta sends for "café": the escaped unicode form, lower-case hex.
const escaped =
  '{"object":"page","entry":[{"id":"1","time":1767225600,"messaging":[{"message":{"mid":"m_1","text":"caf\\u00e9"}}]}]}';

describe("Meta X-Hub-Signature-256", () => {
  it("verifies sha256= hex HMAC of the escaped body Meta sends, and signs the same", async () => {
    const expected = `sha256=${createHmac("sha256", secret).update(escaped).digest("hex")}`;
    await createMetaVerifier({ secret }).verify(
      makeRequest({ headers: { "x-hub-signature-256": expected }, body: escaped }),
    );
    expect(await createMetaSigner({ secret }).sign({ body: utf8(escaped), now: NOW_MS })).toEqual({
      "x-hub-signature-256": expected,
    });
  });

  it("rejects the body with the unicode unescaped: the bytes are what is signed", async () => {
    const expected = `sha256=${createHmac("sha256", secret).update(escaped).digest("hex")}`;
    const unescaped = JSON.stringify(JSON.parse(escaped));
    await expectRejected(
      createMetaVerifier({ secret }).verify(
        makeRequest({ headers: { "x-hub-signature-256": expected }, body: unescaped }),
      ),
      "SIGNATURE_MISMATCH",
    );
  });

  it("ignores the legacy SHA-1 X-Hub-Signature", async () => {
    const sha1 = `sha1=${createHmac("sha1", secret).update(escaped).digest("hex")}`;
    await expectRejected(
      createMetaVerifier({ secret }).verify(
        makeRequest({ headers: { "x-hub-signature": sha1 }, body: escaped }),
      ),
      "SIGNATURE_MISSING",
    );
  });
});

describeProviderScheme("Meta", {
  verifier: (key) => createMetaVerifier({ secret: key }),
  signer: (key) => createMetaSigner({ secret: key }),
  signature: { header: "x-hub-signature-256", pattern: /^sha256=(.+)$/, codec: "hex" },
});
