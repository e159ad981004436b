import type { StandardSchemaV1 } from "@standard-schema/spec";
import { ErrorCode, isHookwiseError, NonRetryableError } from "../errors.ts";
import type { EventRecord } from "../events/event-record.ts";
import type { TransformOutcome } from "../route/router.ts";
import type { Source } from "../sources/source.ts";
import { transformerId, type TransformInput, type Transformer } from "../transform/transformer.ts";
import { fromUtf8 } from "../util/bytes.ts";

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
 * Runs every transformer of the event in order and validates their outputs. Each transformer gets
 * its own freshly parsed payload, so one that mutates it cannot change what the next one sees.
 * @throws TransformFailure
 * @internal
 */
export async function runTransformers(
  event: EventRecord,
  transformers: readonly Transformer[],
  source: Source | undefined,
): Promise<TransformOutcome[]> {
  const results: TransformOutcome[] = [];
  for (const transformer of transformers) {
    const id = transformerId(transformer);
    try {
      const input = await readInput(event, source);
      const outputs = toList(await transformer.transform(input));
      results.push({
        transformer,
        outputs: await validateOutputs(transformer.output, outputs),
      });
    } catch (error) {
      throw toFailure(id, error);
    }
  }
  return results;
}

async function readInput(event: EventRecord, source: Source | undefined): Promise<TransformInput> {
  let payload: unknown;
  try {
    const contentType = event.headers["content-type"];
    payload = source?.parse
      ? source.parse(event.body, contentType)
      : JSON.parse(fromUtf8(event.body));
  } catch {
    throw new NonRetryableError("The stored body of this event could not be parsed.");
  }
  const schema = source?.schemas?.[event.type];
  if (schema !== undefined) {
    payload = await validate(
      schema,
      payload,
      () => "The stored payload no longer matches its source schema",
    );
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
    const describe = (): string => `Output ${String(index)} does not match the output schema`;
    validated.push(await validate(schema, output, describe));
  }
  return validated;
}

/** Validates through Standard Schema; a failure names the paths, never the values. */
async function validate(
  schema: StandardSchemaV1,
  value: unknown,
  describe: () => string,
): Promise<unknown> {
  const result = await schema["~standard"].validate(value);
  if (result.issues === undefined) return result.value;
  const paths = result.issues.map((issue) => pathOf(issue.path)).join(", ");
  throw new NonRetryableError(`${describe()} (at ${paths}).`);
}

function pathOf(path: StandardSchemaV1.Issue["path"]): string {
  if (path === undefined || path.length === 0) return "(root)";
  return path
    .map((segment) => (typeof segment === "object" ? segment.key : segment))
    .map((key) => String(key))
    .join(".");
}

/**
 * hookwise errors keep their code and message (ours hold no payload; a `NonRetryableError` message
 * is the user's own choice). Any other throw is recorded by class name only and is retried.
 */
function toFailure(id: string, error: unknown): TransformFailure {
  if (isHookwiseError(error)) {
    const retryable =
      error.code !== ErrorCode.DELIVERY_NON_RETRYABLE && error.code !== ErrorCode.CONFIG_INVALID;
    return new TransformFailure(error.code, `Transformer "${id}": ${error.message}`, retryable);
  }
  const kind = error instanceof Error ? error.name : typeof error;
  return new TransformFailure("TRANSFORM_FAILED", `Transformer "${id}" threw ${kind}.`, true);
}
