import { PayloadParseError, PayloadTooLargeError } from "../errors.ts";
import type { NodeReadableLike, RawBody } from "./incoming-webhook.ts";

/**
 * Reads a raw body into one `Uint8Array`, failing with 413 as soon as it grows past `maxBytes`
 * (a sender cannot make us buffer more than the limit).
 */
export async function readBody(body: RawBody, maxBytes: number): Promise<Uint8Array> {
  if (body instanceof Uint8Array) {
    if (body.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
    return body;
  }
  if (isNodeReadable(body)) return readNodeStream(body, maxBytes);
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

/** A Node stream has `on` and `pipe`; web streams and async generators have neither. */
function isNodeReadable(body: RawBody): body is NodeReadableLike {
  const candidate = body as { on?: unknown; pipe?: unknown };
  return typeof candidate.on === "function" && typeof candidate.pipe === "function";
}

/**
 * Collects a Node stream's chunks from its events, stopping at the limit. Stopping early (413) must
 * not destroy the request, which would reset the socket before the answer is sent: the stream is
 * paused and left to the glue, which drains it after answering.
 */
function readNodeStream(stream: NodeReadableLike, maxBytes: number): Promise<Uint8Array> {
  // Its 'end' has been emitted already: there is nothing left to wait for.
  if (stream.readableEnded) return Promise.resolve(new Uint8Array(0));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const cleanUp = (): void => {
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("error", onError);
      stream.removeListener("aborted", onAborted);
    };
    const onData = (chunk: Uint8Array | string): void => {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > maxBytes) {
        cleanUp();
        stream.pause();
        reject(new PayloadTooLargeError(maxBytes));
        return;
      }
      chunks.push(bytes);
    };
    const onEnd = (): void => {
      cleanUp();
      resolve(concat(chunks, total));
    };
    const onError = (error: Error): void => {
      cleanUp();
      reject(error);
    };
    const onAborted = (): void => {
      cleanUp();
      reject(
        new PayloadParseError("The sender closed the connection before the body was complete."),
      );
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("aborted", onAborted);
  });
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
