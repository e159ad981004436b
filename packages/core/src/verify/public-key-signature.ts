/**
 * Public-key schemes (Discord's Ed25519, SendGrid's ECDSA): import the configured keys once, lazily
 * (web crypto's import is asynchronous while factories are not), and accept a signature that any of
 * them verifies.
 */
import { concatBytes } from "./concat-bytes.ts";

type VerifyAlgorithm = AlgorithmIdentifier | EcdsaParams;
type ImportAlgorithm = AlgorithmIdentifier | EcKeyImportParams;

/**
 * A memoised import of `keys` (raw or SPKI bytes) for verification.
 * @internal
 */
export function lazyPublicKeys(
  format: "raw" | "spki",
  keys: readonly Uint8Array[],
  algorithm: ImportAlgorithm,
): () => Promise<CryptoKey[]> {
  let imported: Promise<CryptoKey[]> | undefined;
  return () => {
    imported ??= Promise.all(
      keys.map((key) =>
        crypto.subtle.importKey(format, key as Uint8Array<ArrayBuffer>, algorithm, false, [
          "verify",
        ]),
      ),
    );
    return imported;
  };
}

/**
 * Index of the first key that verifies `signature` over the concatenation of `parts`, `-1` when
 * none does. Every key is tried, so the work does not depend on which one matched.
 * @internal
 */
export async function indexOfVerifyingKey(
  algorithm: VerifyAlgorithm,
  keys: readonly CryptoKey[],
  signature: Uint8Array,
  parts: readonly Uint8Array[],
): Promise<number> {
  const data = concatBytes(...parts) as Uint8Array<ArrayBuffer>;
  let matched = -1;
  let index = 0;
  for (const key of keys) {
    const verified = await crypto.subtle.verify(
      algorithm,
      key,
      signature as Uint8Array<ArrayBuffer>,
      data,
    );
    if (verified && matched === -1) matched = index;
    index += 1;
  }
  return matched;
}
