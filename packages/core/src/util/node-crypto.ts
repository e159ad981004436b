/**
 * `node:crypto`, when the runtime offers it, loaded without a static import (which would break edge
 * bundles). Web crypto hashes run as async jobs and measured 10x or more slower than the synchronous
 * Node functions on webhook-sized inputs (2 KB), so hot paths prefer these and fall back to web
 * crypto elsewhere. Both paths give identical bytes (tested).
 * @internal
 */
export interface NodeCrypto {
  createHmac(algorithm: string, key: object): NodeDigest;
  createSecretKey(key: Uint8Array): object;
  createHash(algorithm: string): NodeDigest;
  /** One-shot hash (Node >= 20.12 / 21.7): no Hash object per call. */
  hash?(algorithm: string, data: string | Uint8Array, encoding: "hex"): string;
}

/** An incremental hash or HMAC from `node:crypto`. @internal */
export interface NodeDigest {
  update(data: string | Uint8Array): NodeDigest;
  digest(): Uint8Array;
  digest(encoding: "hex"): string;
}

/** `node:crypto`, or `undefined` where the runtime does not offer it. @internal */
export const nodeCrypto: NodeCrypto | undefined = loadNodeCrypto();

function loadNodeCrypto(): NodeCrypto | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  try {
    const module = process?.getBuiltinModule?.("node:crypto") as Partial<NodeCrypto> | undefined;
    const { createHmac, createSecretKey, createHash, hash } = module ?? {};
    return typeof createHmac === "function" &&
      typeof createSecretKey === "function" &&
      typeof createHash === "function"
      ? { createHmac, createSecretKey, createHash, ...(typeof hash === "function" && { hash }) }
      : undefined;
  } catch {
    return undefined;
  }
}
