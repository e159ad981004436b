// Asana: events carry `X-Hook-Signature`, the hex HMAC-SHA256 of the body keyed with the secret
// sent once in the handshake's `X-Hook-Secret` (https://developers.asana.com/docs/webhooks-guide).
// The handshake example secret below is Asana's own, from https://developers.asana.com/docs/establish-a-webhook
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAsanaSigner, createAsanaVerifier } from "../../src/verify/asana.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest } from "../helpers/tamper.ts";

const documentedSecret = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";
const body =
  '{"events":[{"action":"changed","created_at":"2026-01-01T00:00:00.000Z","resource":{"gid":"1","resource_type":"task"}}]}';

describe("Asana signature", () => {
  it("verifies hex HMAC-SHA256 keyed with the handshake's secret, fixed or looked up", async () => {
    const signature = createHmac("sha256", documentedSecret).update(body).digest("hex");
    const request = makeRequest({ headers: { "x-hook-signature": signature }, body });
    await createAsanaVerifier({ secret: documentedSecret }).verify(request);
    let stored: string[] = [];
    const lookedUp = createAsanaVerifier({ secret: () => stored });
    await expect(lookedUp.verify(request)).rejects.toThrow(/no secret/);
    stored = ["other", documentedSecret];
    expect(await lookedUp.verify(request)).toEqual({ secretIndex: 1 });
  });
});

describeProviderScheme("Asana", {
  verifier: (key) => createAsanaVerifier({ secret: async () => key }),
  signer: (key) => createAsanaSigner({ secret: key }),
  signature: { header: "x-hook-signature", pattern: /^(.+)$/, codec: "hex" },
});
