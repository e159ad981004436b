import { PayloadTooLargeError } from "../errors.ts";
import type { RawBody } from "./incoming-webhook.ts";

/**
 * Reads a raw body into one `Uint8Array`, failing with 413 as soon as it grows past `maxBytes`
 * (a sender cannot make us buffer more than the limit).
 */
export async function readBody(body: RawBody, maxBytes: number): Promise<Uint8Array> {
  if (body instanceof Uint8Array) {
    if (body.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
    return body;
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of iterate(body)) {
    const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
    total += bytes.byteLength;
    if (total > maxBytes) throw new PayloadTooLargeError(maxBytes);
    chunks.push(bytes);
  }
  return concat(chunks, total);
}

function iterate(
  body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): AsyncIterable<Uint8Array | string> {
  if (Symbol.asyncIterator in body) return body;
  return (async function* () {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    } finally {
      // Stop the sender's stream when we bail out early (413), instead of leaving it half-read.
      await reader.cancel().catch(() => undefined);
    }
  })();
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1 && chunks[0] !== undefined) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
