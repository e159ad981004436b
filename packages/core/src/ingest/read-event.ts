import { isHookwiseError, PayloadParseError } from "../errors.ts";
import type { HandshakeResponse, Source, SourceContext } from "../sources/source.ts";
import { EMPTY_VERIFICATION, type Verification } from "../verify/signature-scheme.ts";
import { parsePayload, validateForType } from "../validate/read-payload.ts";
import { assertPayloadShape, type PayloadLimits } from "./payload-limits.ts";

/** A verified event, parsed, identified and validated. */
export interface ParsedEvent {
  readonly key: string;
  readonly type: string;
  readonly occurredAt: number | undefined;
  readonly payload: unknown;
}

/**
 * Steps 4 of the pipeline on verified bytes: parse (400), check the payload's shape against `limits`
 * (413), answer a handshake, find id and type (400), validate against the type's schema (422).
 * Messages never quote the body. `verification` is what the source's verifier resolved for these
 * bytes (`undefined` from an older custom verifier).
 */
export async function readEvent(
  source: Source,
  headers: Headers,
  body: Uint8Array,
  // eslint-disable-next-line @typescript-eslint/no-invalid-void-type -- what `verify` may resolve
  verification: Verification | void,
  limits?: PayloadLimits,
): Promise<{ handshake: HandshakeResponse } | { event: ParsedEvent }> {
  const payload = parsePayload(source, body, headers.get("content-type") ?? undefined);
  if (limits !== undefined) assertPayloadShape(payload, limits);
  const context: SourceContext = { payload, headers, body };
  const handshake = await answerHandshake(source, {
    ...context,
    verification: verification ?? EMPTY_VERIFICATION,
  });
  if (handshake !== undefined) return { handshake };
  const key = extract(() => source.id(context), "event id");
  const type = extract(() => source.type(context), "event type");
  const occurredAt = safely(() => source.occurredAt?.(context));
  const validated = await validateForType(source, type, payload);
  return { event: { key, type, occurredAt, payload: validated } };
}

/**
 * The source's handshake answer, if this request is one. A hook that throws on a payload it did not
 * expect answers 400 like an extractor that cannot read it (never 503, which the sender retries);
 * hookwise errors it throws (a 401 for a bad proof) are answered as they are.
 */
async function answerHandshake(
  source: Source,
  context: Parameters<NonNullable<Source["handshake"]>>[0],
): Promise<HandshakeResponse | undefined> {
  try {
    return await source.handshake?.(context);
  } catch (error) {
    if (isHookwiseError(error)) throw error;
    throw new PayloadParseError("The source's handshake could not read the request.", {
      cause: error,
    });
  }
}

/** An extractor's value; a `PayloadParseError` it throws (naming what is missing) is answered as is. */
function extract(read: () => string | undefined, what: string): string {
  let value: string | undefined;
  try {
    value = read();
  } catch (error) {
    if (error instanceof PayloadParseError) throw error;
  }
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
