import type { DeliveryRecord, EventRecord } from "@hookwise/core";

/**
 * What one record costs beyond its variable parts: the record and delivery objects, ids, the
 * fingerprint and the map entry (measured at 400-600 bytes on Node 20; rounded up).
 */
export const RECORD_OVERHEAD_BYTES = 1_024;
const DELIVERY_OVERHEAD_BYTES = 256;
const ATTEMPT_BYTES = 160;
/** A V8 string's header; its characters count one byte each (the one-byte form ASCII text takes). */
const STRING_OVERHEAD_BYTES = 16;
/** A number, boolean or null in an object or array slot. */
const SLOT_BYTES = 8;
const CONTAINER_OVERHEAD_BYTES = 32;

/** Output estimates by object, so a record updated many times walks each output once. */
const outputSizes = new WeakMap<object, number>();

/**
 * The bytes the memory event store counts for a record against `maxBytes`: the body's bytes, every
 * header name and value as a string, each delivery with its attempts, and an estimate of each
 * transformer output ({@link estimateValueBytes}), plus {@link RECORD_OVERHEAD_BYTES}.
 * @internal
 */
export function recordBytes(record: EventRecord): number {
  let bytes = RECORD_OVERHEAD_BYTES + record.body.byteLength;
  for (const name in record.headers) {
    bytes += 2 * STRING_OVERHEAD_BYTES + name.length + (record.headers[name]?.length ?? 0);
  }
  for (const delivery of record.deliveries) bytes += deliveryBytes(delivery);
  return bytes;
}

function deliveryBytes(delivery: DeliveryRecord): number {
  const output = delivery.output;
  let outputBytes: number;
  if (typeof output === "object" && output !== null) {
    outputBytes = outputSizes.get(output) ?? estimateValueBytes(output);
    outputSizes.set(output, outputBytes);
  } else {
    outputBytes = estimateValueBytes(output);
  }
  return DELIVERY_OVERHEAD_BYTES + outputBytes + delivery.attempts.length * ATTEMPT_BYTES;
}

/**
 * An estimate of what a JSON-like value keeps in memory: each string its length plus 16, each
 * number, boolean or null 8, each object or array 32 plus 8 a slot (keys counted as strings).
 * Iterative, so a deeply nested value is measured, not overflowed on. Other objects (a Map, a Date)
 * count as their own enumerable properties: a lower bound.
 * @internal
 */
export function estimateValueBytes(value: unknown): number {
  const pending: unknown[] = [value];
  let bytes = 0;
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === "string") bytes += STRING_OVERHEAD_BYTES + item.length;
    else if (typeof item !== "object" || item === null) bytes += SLOT_BYTES;
    else if (Array.isArray(item)) {
      bytes += CONTAINER_OVERHEAD_BYTES + item.length * SLOT_BYTES;
      for (const child of item as unknown[]) pending.push(child);
    } else {
      bytes += CONTAINER_OVERHEAD_BYTES;
      for (const [key, child] of Object.entries(item)) {
        bytes += SLOT_BYTES + STRING_OVERHEAD_BYTES + key.length;
        pending.push(child);
      }
    }
  }
  return bytes;
}
