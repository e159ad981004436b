// Calendly publishes the rule (`t=…,v1=…`, HMAC-SHA256 hex of `t.body` with the signing key, a
// three-minute tolerance in its sample) but no vector: https://developer.calendly.com/ (webhook
// signatures). Vectors are computed independently with node:crypto.
import { createHmac } from "node:crypto";
import { describe, it } from "vitest";
import { createCalendlySigner, createCalendlyVerifier } from "../../src/verify/calendly.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "calendly-signing-key";
const body =
  '{"event":"invitee.created","created_at":"2026-01-01T00:00:00.000000Z","payload":{"uri":"https://api.calendly.com/x"}}';

describe("Calendly signature", () => {
  it("verifies t=…,v1= hex HMAC-SHA256 of `${t}.${body}`", async () => {
    const t = String(NOW_MS / 1000);
    const v1 = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
    await createCalendlyVerifier({ secret }).verify(
      makeRequest({ headers: { "calendly-webhook-signature": `t=${t},v1=${v1}` }, body }),
    );
  });
});

describeProviderScheme("Calendly", {
  verifier: (key) => createCalendlyVerifier({ secret: key }),
  signer: (key) => createCalendlySigner({ secret: key }),
  signature: { header: "calendly-webhook-signature", pattern: /v1=([0-9a-f]+)/, codec: "hex" },
  timestamp: {
    header: "calendly-webhook-signature",
    pattern: /t=(\d+)/,
    pastSeconds: 180,
    futureSeconds: 180,
  },
});
