import { PayloadParseError } from "../errors.ts";
import type { Source } from "../sources/source.ts";
import { fromUtf8 } from "../util/bytes.ts";
import { validatePayload } from "./validate-payload.ts";

/**
 * The body as the source reads it: its own `parse`, else JSON. The one parser both sides use: the
 * ack path on the request, the worker on the stored bytes (after a restart, in another process, or
 * on replay). A failure never quotes the body (invariant 5).
 * @throws PayloadParseError (400)
 * @internal
 */
export function parsePayload(
  source: Pick<Source, "parse"> | undefined,
  body: Uint8Array,
  contentType: string | undefined,
): unknown {
  try {
    if (source?.parse !== undefined) return source.parse(body, contentType);
    return JSON.parse(fromUtf8(body)) as unknown;
  } catch {
    // The parser's own message may quote the body, so it is not passed on (invariant 5).
    throw new PayloadParseError(
      "Request body is not valid for this source's media type (expected JSON).",
    );
  }
}

/**
 * The payload validated with the source's schema for `type` (the schema's output, with its defaults
 * and transforms), or as it is when the type has no schema.
 * @throws PayloadValidationError (422)
 * @internal
 */
export function validateForType(
  source: Pick<Source, "schemas"> | undefined,
  type: string,
  payload: unknown,
): Promise<unknown> {
  const schema = source?.schemas?.[type];
  return schema === undefined ? Promise.resolve(payload) : validatePayload(schema, payload);
}

/**
 * Parse and validate a stored event's bytes, as the ack path did.
 * @internal
 */
export async function readStoredPayload(
  source: Pick<Source, "parse" | "schemas"> | undefined,
  type: string,
  body: Uint8Array,
  contentType: string | undefined,
): Promise<unknown> {
  return validateForType(source, type, parsePayload(source, body, contentType));
}
