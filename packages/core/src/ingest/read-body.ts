import {
  ClientAbortedError,
  isHookwiseError,
  PayloadTooLargeError,
  RequestTimeoutError,
} from "../errors.ts";
import type { Clock, TimerHandle } from "../util/clock.ts";
import type { NodeReadableLike, RawBody } from "./incoming-webhook.ts";

/**
 * Default `bodyTimeoutMs`: 10 s for the whole body to arrive. Providers send a few KB at once; a
 * sender still dribbling after that is stalled or hostile (Node's own limit is 300 s, Fastify's none).
 */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/** How long a body may take to arrive, and the clock that times it. @internal */
export interface BodyDeadline {
  /** Milliseconds from the start of the read; `Infinity` for none. */
  readonly timeoutMs: number;
  readonly clock: Pick<Clock, "setTimeout" | "clearTimeout">;
}

/**
 * Reads a raw body into one `Uint8Array`, failing with 413 as soon as it grows past `maxBytes`
 * (a sender cannot make us buffer more than the limit), with 408 when it has not all arrived within
 * `deadline`, and with `CLIENT_ABORTED` when the sender hangs up or its stream fails part-way.
 */
export async function readBody(
  body: RawBody,
  maxBytes: number,
  deadline?: BodyDeadline,
): Promise<Uint8Array> {
  if (body instanceof Uint8Array) {
    if (body.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
    return body;
  }
  if (isNodeReadable(body)) return readNodeStream(body, maxBytes, deadline);
  return readChunks(chunkSource(body), maxBytes, deadline);
}

/** Pulls chunks from a web stream or async iterable, under the limit and the deadline. */
async function readChunks(
  source: ChunkSource,
  maxBytes: number,
  deadline: BodyDeadline | undefined,
): Promise<Uint8Array> {
  const timer = startTimer(deadline);
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const next = await (timer === undefined
        ? source.next()
        : Promise.race([source.next(), timer.expired]));
      if (next.done === true) return concat(chunks, total);
      const bytes =
        typeof next.value === "string" ? new TextEncoder().encode(next.value) : next.value;
      total += bytes.byteLength;
      if (total > maxBytes) throw new PayloadTooLargeError(maxBytes);
      chunks.push(bytes);
    }
  } catch (error) {
    // Stop the sender's stream when we bail out early (413, 408), instead of leaving it half-read.
    source.stop();
    if (isHookwiseError(error)) throw error;
    // The stream itself failed: the sender went away (or its body was never there to read).
    throw new ClientAbortedError(undefined, { cause: error });
  } finally {
    timer?.stop();
  }
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
function readNodeStream(
  stream: NodeReadableLike,
  maxBytes: number,
  deadline: BodyDeadline | undefined,
): Promise<Uint8Array> {
  // Its 'end' has been emitted already: there is nothing left to wait for.
  if (stream.readableEnded) return Promise.resolve(new Uint8Array(0));
  // Destroyed before we looked (the sender hung up while the app was routing): no event will come.
  if (stream.destroyed === true) return Promise.reject(new ClientAbortedError());
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const timer = startTimer(deadline, (timeout) => {
      cleanUp();
      stream.pause();
      reject(timeout);
    });
    const cleanUp = (): void => {
      timer?.stop();
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("error", onError);
      stream.removeListener("aborted", onAborted);
      stream.removeListener("close", onAborted);
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
    // A stream error mid-body is the connection failing (ECONNRESET): the sender went away.
    const onError = (error: Error): void => {
      cleanUp();
      reject(new ClientAbortedError(undefined, { cause: error }));
    };
    // 'aborted' (Node < 22) or a 'close' before 'end': the sender hung up part-way.
    const onAborted = (): void => {
      cleanUp();
      reject(new ClientAbortedError());
    };
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("error", onError);
    stream.on("aborted", onAborted);
    stream.on("close", onAborted);
  });
}

/** A web stream or an async iterable as one pull interface that can be stopped mid-read. */
interface ChunkSource {
  next(): Promise<IteratorResult<Uint8Array | string>>;
  /** Releases the source; a read still pending settles (a web stream's resolves as done). */
  stop(): void;
}

function chunkSource(body: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>): ChunkSource {
  if (Symbol.asyncIterator in body) {
    const iterator = body[Symbol.asyncIterator]();
    return {
      next: () => iterator.next(),
      // Not awaited: an async generator queues `return` behind its pending `next`.
      stop: () => void Promise.resolve(iterator.return?.()).catch(() => undefined),
    };
  }
  const reader = body.getReader();
  return {
    next: () => reader.read() as Promise<IteratorResult<Uint8Array>>,
    stop: () => void reader.cancel().catch(() => undefined),
  };
}

/**
 * A timer for `deadline` (none when it is absent or infinite): when it fires, `expired` rejects with
 * a {@link RequestTimeoutError}, also handed to `onExpiry`.
 */
function startTimer(
  deadline: BodyDeadline | undefined,
  onExpiry?: (timeout: RequestTimeoutError) => void,
): { readonly expired: Promise<never>; stop(): void } | undefined {
  if (deadline === undefined || !Number.isFinite(deadline.timeoutMs)) return undefined;
  let handle: TimerHandle | undefined;
  const expired = new Promise<never>((_, reject) => {
    handle = deadline.clock.setTimeout(() => {
      const timeout = new RequestTimeoutError(deadline.timeoutMs);
      onExpiry?.(timeout);
      reject(timeout);
    }, deadline.timeoutMs);
  });
  // Raced on each read; a rejection between reads must not count as unhandled.
  expired.catch(() => undefined);
  return {
    expired,
    stop: () => {
      if (handle !== undefined) deadline.clock.clearTimeout(handle);
    },
  };
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
