/**
 * GitLab's secret token: the configured token is echoed in `X-Gitlab-Token`. Nothing is signed, so
 * the token proves the sender knows it but not that the body is intact, and it can be replayed.
 * GitLab's newer signing token uses Standard Webhooks: use that verifier when it is available.
 * @see https://docs.gitlab.com/ee/user/project/integrations/webhooks.html#validate-payloads-by-using-a-secret-token
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";
import { utf8 } from "../util/bytes.ts";
import { timingSafeEqual } from "./constant-time.ts";
import { toSecretList, type SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/** Header carrying GitLab's secret token. */
export const GITLAB_TOKEN_HEADER = "x-gitlab-token";

/**
 * Options of {@link createGitLabVerifier}.
 * @category Verification
 */
export interface GitLabVerifierOptions {
  /** The webhook's secret token; several while changing it (any may match). */
  readonly secret: SecretInput;
}

/**
 * Checks `X-Gitlab-Token` against the configured token(s) in constant time. Both sides are hashed
 * with SHA-256 first, so neither the token's content nor its length shows in the timing.
 * @example
 * const verifier = createGitLabVerifier({ secret: process.env.GITLAB_WEBHOOK_TOKEN! });
 * @category Verification
 */
export function createGitLabVerifier(options: GitLabVerifierOptions): SignatureVerifier {
  const secrets = toSecretList(options.secret, "secret");
  let digests: Promise<Uint8Array[]> | undefined;
  return {
    scheme: "gitlab",
    async verify(request) {
      const token = request.headers.get(GITLAB_TOKEN_HEADER);
      if (token === null || token === "") {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISSING,
          "The `x-gitlab-token` header is missing.",
        );
      }
      digests ??= Promise.all(secrets.map((secret) => sha256(utf8(secret))));
      const received = await sha256(utf8(token));
      // Every secret is compared (no early exit); the first that matches is reported.
      let secretIndex = -1;
      let index = 0;
      for (const expected of await digests) {
        if (timingSafeEqual(expected, received) && secretIndex === -1) secretIndex = index;
        index += 1;
      }
      if (secretIndex === -1) {
        throw new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISMATCH,
          "The `x-gitlab-token` header does not match.",
          {
            diagnosis:
              "GitLab sends the secret token configured on the webhook; check it is the one this source holds.",
          },
        );
      }
      return { secretIndex };
    },
  };
}

/**
 * Options of {@link createGitLabSigner}.
 * @category Verification
 */
export interface GitLabSignerOptions {
  /** The secret token to send. */
  readonly secret: string;
}

/**
 * "Signs" the way GitLab does: adds the token header (the body is not involved).
 * @example
 * await createGitLabSigner({ secret }).sign({ body, now: Date.now() }); // { "x-gitlab-token": secret }
 * @category Verification
 */
export function createGitLabSigner(options: GitLabSignerOptions): Signer {
  const [secret = ""] = toSecretList(options.secret, "secret");
  return {
    scheme: "gitlab",
    sign: () => Promise.resolve({ [GITLAB_TOKEN_HEADER]: secret }),
  };
}

async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>));
}
