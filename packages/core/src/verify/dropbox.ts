/**
 * Dropbox: `X-Dropbox-Signature: <hex HMAC-SHA256(app secret, raw body)>` on notification POSTs; the
 * GET verification request is answered by the Dropbox source preset.
 * @see https://www.dropbox.com/developers/reference/webhooks
 */
import { createHmacSigner, createHmacVerifier } from "./generic-hmac.ts";
import type { SecretInput } from "./secrets.ts";
import type { SignatureVerifier, Signer } from "./signature-scheme.ts";

/**
 * Dropbox's signature header.
 * @category Verification
 */
export const DROPBOX_SIGNATURE_HEADER = "x-dropbox-signature";

/**
 * Options of {@link createDropboxVerifier}.
 * @category Verification
 */
export interface DropboxVerifierOptions {
  /** The app secret (App Console); several while rotating (any may match). */
  readonly secret: SecretInput;
  /** After a mismatch, look for a likely cause. @default true */
  readonly diagnose?: boolean;
}

/**
 * Options of {@link createDropboxSigner}.
 * @category Verification
 */
export interface DropboxSignerOptions {
  /** The secret to sign with (the first one when several are given). */
  readonly secret: SecretInput;
}

/**
 * Verifies `X-Dropbox-Signature` over the raw body.
 * @example
 * const verifier = createDropboxVerifier({ secret: process.env.DROPBOX_APP_SECRET! });
 * @category Verification
 */
export function createDropboxVerifier(options: DropboxVerifierOptions): SignatureVerifier {
  return createHmacVerifier({
    ...dropboxScheme(options.secret),
    diagnose: options.diagnose ?? true,
  });
}

/**
 * Produces `x-dropbox-signature` the way Dropbox does, for tests and simulators.
 * @example
 * const headers = await createDropboxSigner({ secret }).sign({ body, now: Date.now() });
 * @category Verification
 */
export function createDropboxSigner(options: DropboxSignerOptions): Signer {
  return createHmacSigner(dropboxScheme(options.secret));
}

function dropboxScheme(secret: SecretInput) {
  return {
    secret,
    header: DROPBOX_SIGNATURE_HEADER,
    encoding: "hex",
    algorithm: "SHA-256",
    scheme: "dropbox",
  } as const;
}
