import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createGitLabSigner, createGitLabVerifier } from "../../src/verify/gitlab.ts";
import {
  expectRejected,
  flipBitInText,
  isRejected,
  makeRequest,
  PROPERTY_RUNS,
  withHeader,
} from "../helpers/tamper.ts";

const token = "glpat-webhook-token-8c1d";
const body = '{"object_kind":"push","ref":"refs/heads/main"}';

describe("GitLab token verifier", () => {
  const verifier = createGitLabVerifier({ secret: token });

  it("accepts the configured token, and the signer sends exactly it", async () => {
    const headers = await createGitLabSigner({ secret: token }).sign({
      body: new Uint8Array(),
      now: 0,
    });
    expect(headers).toEqual({ "x-gitlab-token": token });
    await verifier.verify(makeRequest({ headers, body }));
  });

  it("rejects another token, a prefix of it, or none, without echoing it", async () => {
    await expectRejected(
      verifier.verify(makeRequest({ headers: { "x-gitlab-token": "wrong" }, body })),
      "SIGNATURE_MISMATCH",
      [token],
    );
    await expectRejected(
      verifier.verify(makeRequest({ headers: { "x-gitlab-token": token.slice(0, -1) }, body })),
      "SIGNATURE_MISMATCH",
    );
    await expectRejected(verifier.verify(makeRequest({ headers: {}, body })), "SIGNATURE_MISSING");
  });

  it("accepts any configured token while changing it", async () => {
    await createGitLabVerifier({ secret: ["new-token", token] }).verify(
      makeRequest({ headers: { "x-gitlab-token": token }, body }),
    );
  });

  it("does not cover the body: GitLab's token proves the sender, not the content", async () => {
    await verifier.verify(makeRequest({ headers: { "x-gitlab-token": token }, body: "anything" }));
  });

  it("rejects any single-bit change of the token", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (bit) => {
        const request = withHeader(
          makeRequest({ headers: {}, body }),
          "x-gitlab-token",
          flipBitInText(token, bit),
        );
        if (request !== undefined) expect(await isRejected(verifier, request)).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS * 4 },
    );
  });
});
