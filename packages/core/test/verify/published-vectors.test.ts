import { describe, expect, it } from "vitest";
import { createStandardWebhooksVerifier } from "../../src/verify/standard-webhooks.ts";
import { createGitHubVerifier } from "../../src/verify/github.ts";
import { createSlackVerifier } from "../../src/verify/slack.ts";
import type { SignatureVerifier } from "../../src/verify/signature-scheme.ts";
import { expectedVerdict, loadVectors, vectorRequest, vectorSecrets } from "../helpers/vectors.ts";
import type { SignatureVector } from "../helpers/vectors.ts";
import { rejectionOf } from "../helpers/verify-request.ts";

/** The schemes this file covers, and how each builds its verifier from a vector. */
const schemes: Record<string, (vector: SignatureVector) => SignatureVerifier> = {
  svix: (vector) =>
    createStandardWebhooksVerifier({
      secret: vectorSecrets(vector),
      headerPrefixes: ["svix", "webhook"],
      tolerance: vector.tolerance,
    }),
  github: (vector) => createGitHubVerifier({ secret: vectorSecrets(vector) }),
  slack: (vector) =>
    createSlackVerifier({ secret: vectorSecrets(vector), tolerance: vector.tolerance }),
};

describe.each(Object.entries(schemes))("published vectors: %s", (scheme, create) => {
  it.each(loadVectors(scheme).map((vector) => [vector.id, vector] as const))(
    "%s",
    async (_id, vector) => {
      const verification = create(vector).verify(vectorRequest(vector));
      if (expectedVerdict(vector) === "valid") {
        // Every vector is signed with the first of the secrets it lists.
        await expect(verification).resolves.toMatchObject({ secretIndex: 0 });
      } else {
        expect((await rejectionOf(verification)).code).toMatch(/^(SIGNATURE|TIMESTAMP)_/);
      }
    },
  );
});
