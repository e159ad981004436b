import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { sign, verify } from "@octokit/webhooks-methods";
import { createGitHubSigner, createGitHubVerifier } from "../../src/verify/github.ts";
import { expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "It's a Secret to Everybody";
const payload = '{"action":"opened","issue":{"number":1}}';
const bytes = new TextEncoder().encode(payload);

describe("GitHub, interop with @octokit/webhooks-methods", () => {
  const verifier = createGitHubVerifier({ secret });

  it("verifies what octokit signs, and octokit verifies what we sign", async () => {
    const signature = await sign(secret, payload);
    await verifier.verify(request({ "x-hub-signature-256": signature }, payload));
    const ours = await createGitHubSigner({ secret }).sign({ body: bytes, now: NOW_MS });
    expect(ours["x-hub-signature-256"]).toBe(signature);
    expect(Object.keys(ours).sort()).toEqual(["x-github-delivery", "x-hub-signature-256"]);
    expect(await verify(secret, payload, ours["x-hub-signature-256"] ?? "")).toBe(true);
  });

  it("rejects what octokit rejects: tampered body, wrong secret", async () => {
    const signature = await sign(secret, payload);
    expect(await verify(secret, payload + " ", signature)).toBe(false);
    await expectRejected(
      verifier,
      request({ "x-hub-signature-256": signature }, payload + " "),
      "SIGNATURE_MISMATCH",
    );
    expect(await verify("other", payload, signature)).toBe(false);
    await expectRejected(
      createGitHubVerifier({ secret: "other" }),
      request({ "x-hub-signature-256": signature }, payload),
      "SIGNATURE_MISMATCH",
    );
  });

  it("uses a non-ASCII secret as UTF-8 bytes, like octokit", async () => {
    const signature = await sign("sécret-✓", payload);
    await createGitHubVerifier({ secret: "sécret-✓" }).verify(
      request({ "x-hub-signature-256": signature }, payload),
    );
  });

  it("accepts the signature of any configured secret while it is being changed", async () => {
    const signature = await sign("old-secret", payload);
    await createGitHubVerifier({ secret: [secret, "old-secret"] }).verify(
      request({ "x-hub-signature-256": signature }, payload),
    );
  });

  it("accepts upper-case hex, which octokit's exact string compare rejects (same bytes; GitHub sends lower-case)", async () => {
    const signature = (await sign(secret, payload)).replace(/[0-9a-f]+$/, (hex) =>
      hex.toUpperCase(),
    );
    expect(await verify(secret, payload, signature)).toBe(false);
    await verifier.verify(request({ "x-hub-signature-256": signature }, payload));
  });

  it("ignores the legacy SHA-1 header unless allowLegacySha1 is set", async () => {
    const sha1 = `sha1=${createHmac("sha1", secret).update(payload).digest("hex")}`;
    const error = await expectRejected(
      verifier,
      request({ "x-hub-signature": sha1 }, payload),
      "SIGNATURE_MISSING",
    );
    expect(error.message).toMatch(/allowLegacySha1/);
    const legacy = createGitHubVerifier({ secret, allowLegacySha1: true });
    await legacy.verify(request({ "x-hub-signature": sha1 }, payload));
    await expectRejected(
      legacy,
      request({ "x-hub-signature": sha1 }, payload + "x"),
      "SIGNATURE_MISMATCH",
    );
  });

  it("prefers SHA-256 when both headers are present, so a valid SHA-1 cannot rescue a bad SHA-256", async () => {
    const sha1 = `sha1=${createHmac("sha1", secret).update(payload).digest("hex")}`;
    const legacy = createGitHubVerifier({ secret, allowLegacySha1: true });
    const headers = { "x-hub-signature": sha1, "x-hub-signature-256": `sha256=${"0".repeat(64)}` };
    await expectRejected(legacy, request(headers, payload), "SIGNATURE_MISMATCH");
    const signed = await createGitHubSigner({ secret, includeLegacySha1: true }).sign({
      body: bytes,
      now: NOW_MS,
    });
    expect(signed["x-hub-signature"]).toBe(sha1);
    await legacy.verify(request(signed, payload));
  });

  it("needs the sha256= label", async () => {
    const hex = (await sign(secret, payload)).slice("sha256=".length);
    await expectRejected(
      verifier,
      request({ "x-hub-signature-256": hex }, payload),
      "SIGNATURE_MALFORMED",
    );
  });
});
