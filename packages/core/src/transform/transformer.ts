import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Source, SourceSchemas } from "../sources/source.ts";

/**
 * What a transformer sees of an event. Frozen. `payload` is the parsed body (after the source's
 * schema for this type, when the worker knows the source).
 * @category Transform
 */
export interface TransformInput<TPayload = unknown> {
  /** hookwise's event id. */
  readonly id: string;
  /** Source name. */
  readonly source: string;
  /** Event type as the source names it. */
  readonly type: string;
  readonly payload: TPayload;
  /** Epoch milliseconds. */
  readonly receivedAt: number;
  /** When the provider says the event happened, epoch milliseconds. */
  readonly occurredAt?: number;
  /** Request headers as received (lower-case names). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * What `transform` may return: one output, several (an array: each is delivered on its own), or
 * `undefined` / `[]` to filter the event out. To deliver an array as ONE output, wrap it: `[list]`.
 * @category Transform
 */
export type TransformResult<TOutput> = TOutput | readonly TOutput[] | undefined;

/**
 * Turns events of one source and type(s) into outputs for named destinations.
 *
 * A throw is retried with the worker's retry policy, except a `NonRetryableError` or an output that
 * fails `output`: those dead-letter the event at once (replay it after fixing the cause).
 * @see docs/concepts/transformers.md
 * @category Transform
 */
export interface Transformer<TInput = unknown, TOutput = unknown> {
  /** Stable name; with `version`, it is part of every delivery id. Letters, digits, `.`, `_`, `-`. */
  readonly name: string;
  /** Bump when the output shape changes. @default 1 */
  readonly version?: number;
  /** Source name the transformer listens to. */
  readonly source: string;
  /** Event type(s) it handles; `"*"` matches every type and `"order.*"` every type under `order.`. */
  readonly type: string | readonly string[];
  /** Destination names each output is delivered to (one delivery per output and destination). */
  readonly to: readonly string[];
  /** Schema every output must satisfy; the validated value is what gets delivered. */
  readonly output?: StandardSchemaV1<unknown, TOutput>;
  /** Map an event to zero or more outputs. */
  transform(
    event: TransformInput<TInput>,
  ): TransformResult<TOutput> | Promise<TransformResult<TOutput>>;
}

/**
 * `name@version` of a transformer, as recorded on deliveries.
 * @category Transform
 */
export function transformerId(transformer: Pick<Transformer, "name" | "version">): string {
  return `${transformer.name}@${String(transformer.version ?? 1)}`;
}

/**
 * The payload type a source's schema gives an event type; `unknown` for a type without a schema.
 * @category Transform
 */
export type PayloadOf<
  TSchemas extends SourceSchemas,
  TType extends string,
> = TType extends keyof TSchemas ? StandardSchemaV1.InferOutput<TSchemas[TType]> : unknown;

/**
 * A transformer declared against a typed {@link Source}: `type` autocompletes the source's schema
 * keys and `payload` is typed from the schema.
 * @category Transform
 */
export interface SourceTransformerDefinition<
  TSchemas extends SourceSchemas,
  TType extends string,
  TOutput,
> extends Omit<Transformer<PayloadOf<TSchemas, TType>, TOutput>, "source" | "type"> {
  readonly source: Source<TSchemas>;
  readonly type: TType | readonly TType[];
}

/**
 * Declares a transformer with its payload type inferred from the source's schema for `type` (or
 * `unknown` when `source` is just a name).
 * @example
 * const toPartner = defineTransformer({
 *   name: "order-to-partner",
 *   source: newstore, // from defineSource({ schemas: { "order.completed": orderSchema } })
 *   type: "order.completed",
 *   to: ["partner"],
 *   transform: ({ payload }) => ({ orderId: payload.id, total: payload.total }),
 * });
 * @category Transform
 */
export function defineTransformer<
  const TSchemas extends SourceSchemas,
  const TType extends (keyof TSchemas & string) | (string & {}),
  TOutput,
>(
  definition: SourceTransformerDefinition<TSchemas, TType, TOutput>,
): Transformer<PayloadOf<TSchemas, TType>, TOutput>;
export function defineTransformer<TOutput>(
  definition: Transformer<unknown, TOutput>,
): Transformer<unknown, TOutput>;
export function defineTransformer(
  definition: Transformer | SourceTransformerDefinition<SourceSchemas, string, unknown>,
): Transformer {
  const source = typeof definition.source === "string" ? definition.source : definition.source.name;
  // Called through the definition so one written as a class instance keeps its `this`.
  const transform: Transformer["transform"] = (event) => definition.transform(event);
  return Object.freeze({ ...definition, source, transform });
}
