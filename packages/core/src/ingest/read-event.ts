import { PayloadParseError } from "../errors.ts";
import type { HandshakeResponse, Source, SourceContext } from "../sources/source.ts";
import { fromUtf8 } from "../util/bytes.ts";
import { validatePayload } from "../validate/validate-payload.ts";

/** A verified event, parsed, identified and validated. */
export interface ParsedEvent {
  readonly key: string;
  readonly type: string;
  readonly occurredAt: number | undefined;
  readonly payload: unknown;
}

/**
 * Steps 4 of the pipeline on verified bytes: parse (400), answer a handshake, find id and type (400),
 * validate against the type's schema (422). Messages never quote the body.
 */
export async function readEvent(
  source: Source,
  headers: Headers,
  body: Uint8Array,
): Promise<{ handshake: HandshakeResponse } | { event: ParsedEvent }> {
  const payload = parse(source, headers, body);
  const context: SourceContext = { payload, headers, body };
  const handshake = await source.handshake?.(context);
  if (handshake !== undefined) return { handshake };
  const key = extract(() => source.id(context), "event id");
  const type = extract(() => source.type(context), "event type");
  const occurredAt = safely(() => source.occurredAt?.(context));
  const schema = source.schemas?.[type];
  const validated = schema === undefined ? payload : await validatePayload(schema, payload);
  return { event: { key, type, occurredAt, payload: validated } };
}

function parse(source: Source, headers: Headers, body: Uint8Array): unknown {
  try {
    if (source.parse !== undefined)
      return source.parse(body, headers.get("content-type") ?? undefined);
    return JSON.parse(fromUtf8(body)) as unknown;
  } catch {
    // The parser's own message may quote the body, so it is not passed on (invariant 5).
    throw new PayloadParseError(
      "Request body is not valid for this source's media type (expected JSON).",
    );
  }
}

function extract(read: () => string | undefined, what: string): string {
  const value = safely(read);
  if (typeof value !== "string" || value === "") {
    throw new PayloadParseError(`Could not find the ${what} in the request.`);
  }
  return value;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}
