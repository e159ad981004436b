import type { IncomingMessage } from "node:http";
import { RawBodyUnavailableError, type RawBody } from "@hookwise/core";

/** Where body parsers and platforms leave the body (`req.body`, `req.rawBody`). */
type RawBodySource = IncomingMessage & { readonly body?: unknown; readonly rawBody?: unknown };

/**
 * The exact bytes the sender signed: a `Buffer` left by `express.raw()` or by GCF/Firebase
 * (`req.rawBody`), else the request stream itself, which core reads under its size limit.
 * Throws `RawBodyUnavailableError` when another middleware already consumed the stream, because
 * verifying re-serialised JSON fails with a misleading 401 and waiting on a drained stream hangs.
 */
export function readRawBody(req: RawBodySource): RawBody {
  if (req.body instanceof Uint8Array) return req.body;
  if (req.rawBody instanceof Uint8Array) return req.rawBody;
  if (streamConsumed(req)) throw new RawBodyUnavailableError(diagnose(req.body));
  // Core reads the stream by its events, under the source's limit, and never destroys it.
  return req;
}

function streamConsumed(req: RawBodySource): boolean {
  // `readableDidRead` catches any reader, even one that stopped part-way; `_body` is body-parser 1.x's mark.
  return req.readableDidRead || req.readableEnded || (req as { _body?: unknown })._body === true;
}

function diagnose(body: unknown): string {
  const what = typeof body === "string" ? "a string" : body === undefined ? "nothing" : "an object";
  return (
    `The request body was already read by another middleware (req.body is ${what}), so the exact bytes ` +
    "the sender signed are gone. Mount the hookwise route before `app.use(express.json())` (or any " +
    'other body parser), or put `express.raw({ type: "*/*" })` in front of it on this route.'
  );
}
