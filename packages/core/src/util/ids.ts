import { sha256Hex, sha256HexSync, utf8 } from "./bytes.ts";

/**
 * The event id for a source's idempotency key: `hw_` and 32 hex digits (a prefix of its own, never
 * a provider's such as Stripe's `evt_`). Derived, not random, so a retried webhook maps to the
 * same record even after a crash between storing and answering.
 */
export async function eventIdFor(source: string, idempotencyKey: string): Promise<string> {
  return `hw_${(await sha256Hex(utf8(`${source}\n${idempotencyKey}`))).slice(0, 32)}`;
}

/** Id of the record that keeps a conflicting payload: one per distinct conflicting body. */
export async function conflictIdFor(
  source: string,
  idempotencyKey: string,
  fingerprint: string,
): Promise<string> {
  return `cfl_${(await sha256Hex(utf8(`${source}\n${idempotencyKey}\n${fingerprint}`))).slice(0, 32)}`;
}

/** {@link eventIdFor} without a promise where `node:crypto` exists; `undefined` elsewhere. */
export function eventIdForSync(source: string, idempotencyKey: string): string | undefined {
  const digest = sha256HexSync(`${source}\n${idempotencyKey}`);
  return digest === undefined ? undefined : `hw_${digest.slice(0, 32)}`;
}
