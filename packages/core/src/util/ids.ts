import { sha256Hex, utf8 } from "./bytes.ts";

/**
 * The event id for a source's idempotency key. Derived, not random, so a retried webhook maps to the
 * same record even after a crash between storing and answering.
 */
export async function eventIdFor(source: string, idempotencyKey: string): Promise<string> {
  return `evt_${(await sha256Hex(utf8(`${source}\n${idempotencyKey}`))).slice(0, 32)}`;
}

/** Id of the record that keeps a conflicting payload: one per distinct conflicting body. */
export async function conflictIdFor(
  source: string,
  idempotencyKey: string,
  fingerprint: string,
): Promise<string> {
  return `cfl_${(await sha256Hex(utf8(`${source}\n${idempotencyKey}\n${fingerprint}`))).slice(0, 32)}`;
}
