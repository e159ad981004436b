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
 * True when any key verifies `signature` over the concatenation of `parts`. Every key is tried.
 * @internal
 */
export async function verifiesWithAnyKey(
  algorithm: VerifyAlgorithm,
  keys: readonly CryptoKey[],
  signature: Uint8Array,
  parts: readonly Uint8Array[],
): Promise<boolean> {
  const data = concatBytes(...parts) as Uint8Array<ArrayBuffer>;
  let matched = false;
  for (const key of keys) {
    if (await crypto.subtle.verify(algorithm, key, signature as Uint8Array<ArrayBuffer>, data))
      matched = true;
  }
  return matched;
}
