/**
 * Compares two byte strings in time that depends only on their lengths, so an attacker cannot learn
 * how many leading bytes of a forged signature were right. Lengths are not secret (every scheme has
 * a fixed signature length), so unequal lengths return early.
 * @example
 * timingSafeEqual(expectedDigest, decodedSignature);
 * @category Verification
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
