import type { StandardSchemaV1 } from "@standard-schema/spec";
import {
  ErrorCode,
  isHookwiseError,
  NonRetryableError,
  PayloadValidationError,
} from "../errors.ts";
import type { EventRecord } from "../events/event-record.ts";
import type { TransformOutcome } from "../route/router.ts";
import type { Source } from "../sources/source.ts";
import { transformerId, type TransformInput, type Transformer } from "../transform/transformer.ts";
import { summarizeError } from "../util/error-summary.ts";
import { readStoredPayload } from "../validate/read-payload.ts";
import { validatePayload } from "../validate/validate-payload.ts";
import type { PayloadHandoff } from "../validate/payload-handoff.ts";

/** A transformer failed; `retryable` says whether trying again may help. @internal */
export class TransformFailure extends Error {
  override name = "TransformFailure";
  readonly code: string;
  readonly retryable: boolean;
  constructor(code: string, message: string, retryable: boolean) {
    super(message);
    this.code = code;
    this.retryable = retryable;
  }
}

/**
 * What the transformers of an event see. The payload is read once per event: handed over by this
 * process's ack path when it is there, else parsed and validated from the stored bytes with the
 * reader the ack path uses.
 * @throws TransformFailure (not retryable) when the stored bytes no longer parse or validate.
 * @internal
 */
export async function readTransformInput(
  event: EventRecord,
  source: Source | undefined,
  handoff: PayloadHandoff | undefined,
): Promise<TransformInput> {
  let payload: unknown;
  const handed = handoff?.take(event.id);
  if (handed !== undefined) {
    payload = handed.payload;
  } else {
    try {
      payload = await readStoredPayload(
        source,
        event.type,
        event.body,
        event.headers["content-type"],
      );
    } catch (error) {
      throw new TransformFailure(
        ErrorCode.DELIVERY_NON_RETRYABLE,
        storedPayloadMessage(error),
        false,
      );
    }
  }
  return Object.freeze({
    id: event.id,
    source: event.source,
    type: event.type,
    payload,
    receivedAt: event.receivedAt,
    ...(event.occurredAt !== undefined && { occurredAt: event.occurredAt }),
    headers: event.headers,
  });
}

/**
 * Runs every transformer of the event in order and validates their outputs. When several run, each
 * but the last gets its own copy of the payload, so one that mutates it cannot change what the next
 * one sees (the common single transformer costs no copy).
 * @throws TransformFailure
 * @internal
 */
export async function runTransformers(
  input: TransformInput,
  transformers: readonly Transformer[],
): Promise<TransformOutcome[]> {
  const results: TransformOutcome[] = [];
  for (const [index, transformer] of transformers.entries()) {
    const id = transformerId(transformer);
    try {
      const last = index === transformers.length - 1;
      const own = last ? input : { ...input, payload: structuredClone(input.payload) };
      const outputs = toList(await transformer.transform(own));
      const validated = await validateOutputs(transformer.output, outputs);
      results.push({ transformer, outputs: validated.map(asJson) });
    } catch (error) {
      throw toFailure(id, error);
    }
  }
  return results;
}

function storedPayloadMessage(error: unknown): string {
  if (error instanceof PayloadValidationError) {
    return `The stored payload no longer matches its source schema (at ${pathsOf(error)}).`;
  }
  return "The stored body of this event could not be parsed.";
}

function toList(result: unknown): unknown[] {
  if (result === undefined) return [];
  const list: unknown[] = Array.isArray(result) ? [...(result as unknown[])] : [result];
  return list.filter((output) => output !== undefined);
}

async function validateOutputs(
  schema: StandardSchemaV1 | undefined,
  outputs: readonly unknown[],
): Promise<unknown[]> {
  if (schema === undefined) return [...outputs];
  const validated: unknown[] = [];
  for (const [index, output] of outputs.entries()) {
    try {
      validated.push(await validatePayload(schema, output));
    } catch (error) {
      if (!(error instanceof PayloadValidationError)) throw error;
      throw new NonRetryableError(
        `Output ${String(index)} does not match the output schema (at ${pathsOf(error)}).`,
      );
    }
  }
  return validated;
}

/**
 * An output as a durable store gives it back: its JSON form, parsed. Every attempt then sees the
 * same value on every adapter (the first attempt, made before the store, too): a `Date` is its ISO
 * string, a `Map` is `{}`, `undefined` fields are gone. An output with no JSON form (a `BigInt`, a
 * cycle, a function) fails the transform for good, before anything is sent.
 */
function asJson(output: unknown, index: number): unknown {
  let text: string | undefined;
  try {
    text = JSON.stringify(output);
  } catch (error) {
    const kind = error instanceof Error ? error.name : typeof error;
    throw new NonRetryableError(`Output ${String(index)} cannot be stored as JSON (${kind}).`);
  }
  if (text === undefined)
    throw new NonRetryableError(`Output ${String(index)} has no JSON form (a function?).`);
  return JSON.parse(text) as unknown;
}

/** The paths of a validation error's issues, never the values. */
function pathsOf(error: PayloadValidationError): string {
  return error.issues
    .map((issue) => (issue.path.length === 0 ? "(root)" : issue.path.map(String).join(".")))
    .join(", ");
}

/**
 * hookwise errors keep their code and message (ours hold no payload; a `NonRetryableError` message
 * is the user's own choice). Any other throw is recorded by class name, message (cut to 200
 * characters) and `code`, and is retried.
 */
function toFailure(id: string, error: unknown): TransformFailure {
  if (isHookwiseError(error)) {
    const retryable =
      error.code !== ErrorCode.DELIVERY_NON_RETRYABLE && error.code !== ErrorCode.CONFIG_INVALID;
    return new TransformFailure(error.code, `Transformer "${id}": ${error.message}`, retryable);
  }
  return new TransformFailure(
    "TRANSFORM_FAILED",
    `Transformer "${id}" threw ${summarizeError(error)}.`,
    true,
  );
}
