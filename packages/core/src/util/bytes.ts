import { nodeCrypto } from "./node-crypto.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: false });

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** A string from UTF-8 bytes (invalid sequences become U+FFFD). */
export function fromUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** Lower-case hex of bytes. */
export function toHex(bytes: Uint8Array): string {
  let out = "";
  for (const byte of bytes) out += byte.toString(16).padStart(2, "0");
  return out;
}

/**
 * SHA-256 of bytes, lower-case hex: `node:crypto` where available (synchronous, about 13x cheaper on
 * a 2 KB body), web crypto on every other runtime.
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const sync = sha256HexSync(bytes);
  if (sync !== undefined) return sync;
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return toHex(new Uint8Array(digest));
}

/** {@link sha256Hex} computed synchronously where `node:crypto` exists; `undefined` elsewhere. */
export function sha256HexSync(data: Uint8Array | string): string | undefined {
  if (nodeCrypto === undefined) return undefined;
  if (nodeCrypto.hash !== undefined) return nodeCrypto.hash("sha256", data, "hex");
  return nodeCrypto.createHash("sha256").update(data).digest("hex");
}
