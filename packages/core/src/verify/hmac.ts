/**
 * HMAC on every runtime. Web crypto everywhere; on Node (and runtimes that expose `node:crypto`
 * through `process.getBuiltinModule`) the synchronous `createHmac` is used instead, because web
 * crypto's HMAC is asynchronous and costs several times the hash itself on small bodies
 * (measured in bench/verify.bench.mjs). Both paths give identical bytes.
 */
import { utf8 } from "../util/bytes.ts";

/**
 * Hash functions hookwise signs and verifies with.
 * @category Verification
 */
export type HmacAlgorithm = "SHA-1" | "SHA-256" | "SHA-512";

/**
 * Data to authenticate, given in pieces so a signed string such as `${id}.${timestamp}.${body}` is
 * never copied into one buffer. Strings are UTF-8 encoded.
 * @category Verification
 */
export type HmacParts = readonly (string | Uint8Array)[];

/**
 * Most distinct keys whose imported `CryptoKey` is kept.
 * @category Verification
 */
export const MAX_CACHED_HMAC_KEYS = 256;

interface NodeHmac {
  update(data: string | Uint8Array): NodeHmac;
  digest(): Uint8Array;
}
type CreateHmac = (algorithm: string, key: Uint8Array) => NodeHmac;

const NODE_ALGORITHMS: Readonly<Record<HmacAlgorithm, string>> = {
  "SHA-1": "sha1",
  "SHA-256": "sha256",
  "SHA-512": "sha512",
};
const nodeCreateHmac: CreateHmac | undefined = loadNodeCreateHmac();
const keyCache = new Map<string, Promise<CryptoKey>>();

/**
 * HMAC of `data` under `key`.
 * @example
 * const mac = await hmacDigest("SHA-256", utf8(secret), body);
 * @category Verification
 */
export function hmacDigest(
  algorithm: HmacAlgorithm,
  key: Uint8Array,
  data: Uint8Array,
): Promise<Uint8Array> {
  return hmacDigestParts(algorithm, key, [data]);
}

/**
 * HMAC of the concatenation of `parts` under `key`, without concatenating them first.
 * @example
 * const mac = await hmacDigestParts("SHA-256", key, [`${id}.${timestamp}.`, body]);
 * @category Verification
 */
export function hmacDigestParts(
  algorithm: HmacAlgorithm,
  key: Uint8Array,
  parts: HmacParts,
): Promise<Uint8Array> {
  if (nodeCreateHmac === undefined) return hmacDigestWebCrypto(algorithm, key, parts);
  const hmac = nodeCreateHmac(NODE_ALGORITHMS[algorithm], key);
  for (const part of parts) hmac.update(part);
  return Promise.resolve(hmac.digest());
}

/**
 * The web crypto path, used where `node:crypto` is unavailable; exported for tests.
 * @internal
 */
export async function hmacDigestWebCrypto(
  algorithm: HmacAlgorithm,
  key: Uint8Array,
  parts: HmacParts,
): Promise<Uint8Array> {
  const cryptoKey = await importHmacKey(algorithm, key);
  const signature = await crypto.subtle.sign(
    "HMAC",
    cryptoKey,
    concatParts(parts) as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(signature);
}

function importHmacKey(algorithm: HmacAlgorithm, key: Uint8Array): Promise<CryptoKey> {
  const cacheKey = algorithm + ":" + binaryString(key);
  let imported = keyCache.get(cacheKey);
  if (imported === undefined) {
    if (keyCache.size >= MAX_CACHED_HMAC_KEYS)
      keyCache.delete(keyCache.keys().next().value as string);
    const raw = key as Uint8Array<ArrayBuffer>;
    imported = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: algorithm }, false, [
      "sign",
    ]);
    // A failed import must not poison the cache.
    imported.catch(() => keyCache.delete(cacheKey));
    keyCache.set(cacheKey, imported);
  }
  return imported;
}

/**
 * The bytes of `parts` joined (strings UTF-8 encoded); a lone byte part is returned as is.
 * @category Verification
 */
export function concatParts(parts: HmacParts): Uint8Array {
  const first = parts[0];
  if (parts.length === 1 && first instanceof Uint8Array) return first;
  const chunks = parts.map((part) => (typeof part === "string" ? utf8(part) : part));
  const out = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function binaryString(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 4096)
    out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return out;
}

/** `node:crypto` when the runtime offers it without a static import (which would break edge bundles). */
function loadNodeCreateHmac(): CreateHmac | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  try {
    const module = process?.getBuiltinModule?.("node:crypto") as
      { createHmac?: CreateHmac } | undefined;
    return typeof module?.createHmac === "function" ? module.createHmac : undefined;
  } catch {
    return undefined;
  }
}
