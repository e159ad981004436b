/**
 * Edge runtimes have no `node:crypto`: the same verifiers must work on web crypto alone. The HMAC
 * module picks its path at load, so it is loaded fresh with `process.getBuiltinModule` hidden.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { NOW_MS, expectRejected, request } from "../helpers/verify-request.ts";

type Modules = [
  typeof import("../../src/verify/stripe.ts"),
  typeof import("../../src/verify/github.ts"),
  typeof import("../../src/verify/standard-webhooks.ts"),
  typeof import("../../src/verify/standard-webhooks-signer.ts"),
  typeof import("../../src/verify/hmac.ts"),
];
let web: Modules;
const body = new TextEncoder().encode(JSON.stringify({ id: "evt_1", type: "x" }, null, 2));
const whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const other = "whsec_" + Buffer.alloc(32, 1).toString("base64");

beforeAll(async () => {
  const spy = vi.spyOn(process, "getBuiltinModule").mockReturnValue(undefined);
  vi.resetModules();
  web = await Promise.all([
    import("../../src/verify/stripe.ts"),
    import("../../src/verify/github.ts"),
    import("../../src/verify/standard-webhooks.ts"),
    import("../../src/verify/standard-webhooks-signer.ts"),
    import("../../src/verify/hmac.ts"),
  ]);
  spy.mockRestore();
});
afterAll(() => {
  vi.resetModules();
});

describe("verification without node:crypto (web crypto only)", () => {
  it("really runs without the synchronous node path", () => {
    const [, , , , hmac] = web;
    expect(hmac.hmacDigestPartsSync("SHA-256", Uint8Array.of(1), [body])).toBeUndefined();
  });

  it("signs and verifies Stripe and GitHub, and rejects a tampered body with a diagnosis", async () => {
    const [stripe, github] = web;
    const stripeHeaders = await stripe
      .createStripeSigner({ secret: "whsec_x" })
      .sign({ body, now: NOW_MS });
    await expect(
      stripe
        .createStripeVerifier({ secret: ["whsec_other", "whsec_x"] })
        .verify(request(stripeHeaders, body)),
    ).resolves.toEqual({ secretIndex: 1, timestamp: NOW_MS });
    const githubHeaders = await github
      .createGitHubSigner({ secret: "s" })
      .sign({ body, now: NOW_MS });
    await expect(
      github.createGitHubVerifier({ secret: ["other", "s"] }).verify(request(githubHeaders, body)),
    ).resolves.toEqual({ secretIndex: 1 });
    const compact = JSON.stringify(JSON.parse(new TextDecoder().decode(body)));
    const error = await expectRejected(
      github.createGitHubVerifier({ secret: "s" }),
      request(githubHeaders, compact),
      "SIGNATURE_MISMATCH",
    );
    expect(error.diagnosis).toMatch(/re-serialised/);
  });

  it("verifies Standard Webhooks with the second of two secrets, and rejects a wrong one", async () => {
    const [, , sw, signer] = web;
    const headers = await signer
      .createStandardWebhooksSigner({ secret: whsec })
      .sign({ id: "msg_1", body, now: NOW_MS });
    await expect(
      sw.createStandardWebhooksVerifier({ secret: [other, whsec] }).verify(request(headers, body)),
    ).resolves.toEqual({ secretIndex: 1, timestamp: NOW_MS });
    await expectRejected(
      sw.createStandardWebhooksVerifier({ secret: other }),
      request(headers, body),
      "SIGNATURE_MISMATCH",
    );
  });
});
