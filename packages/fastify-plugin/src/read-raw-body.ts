import { Readable } from "node:stream";
import { RawBodyUnavailableError, type RawBody } from "@hookwise/core";

/**
 * The plugin's only content type parser: it hands the request stream on unread, so core reads the
 * exact bytes under its own limit (413) and judges the media type itself (415).
 */
export function passRawStream(
  _request: unknown,
  payload: unknown,
  done: (error: Error | null, body?: unknown) => void,
): void {
  done(null, payload);
}

/** The body the parser left: the stream, or nothing when the request had no body. */
export function readRawBody(body: unknown): RawBody {
  if (body === undefined || body === null) return new Uint8Array(0);
  if (body instanceof Uint8Array) return body;
  // Core reads the stream by its events, under the source's limit, and never destroys it.
  if (body instanceof Readable) return body;
  throw new RawBodyUnavailableError(
    "The webhook route's body was parsed before hookwise read it, so the exact bytes the sender signed " +
      "are gone. Do not add content type parsers or body-changing hooks inside the scope where " +
      "@hookwise/fastify-plugin is registered; register the app's own parsers outside it.",
  );
}
