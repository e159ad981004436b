import { assertName, type DeliveryContext, type Destination } from "../dispatch/destination.ts";
import {
  createHandlerDestination,
  type HandlerDestinationOptions,
} from "../dispatch/handler-destination.ts";
import { ConfigurationError } from "../errors.ts";
import type { EventTypePattern, PayloadFor } from "../sources/event-types.ts";
import type { Source } from "../sources/source.ts";
import type { Transformer } from "./transformer.ts";

/**
 * What a handler registered with {@link on} sees of an event. Frozen.
 * @category Transform
 */
export interface HandlerEvent<TPayload = unknown, TType extends string = string> {
  /** hookwise's event id. */
  readonly id: string;
  /** Source name. */
  readonly source: string;
  /** Event type as the source names it. */
  readonly type: TType;
  /** The payload: the source schema's output for this type, when it has one. */
  readonly payload: TPayload;
  /** Epoch milliseconds. */
  readonly receivedAt: number;
}

/**
 * The function given to {@link on}. Resolve to succeed; throw to fail this handler's delivery only
 * (retried with the retry policy, then dead-lettered; a `NonRetryableError` stops at once).
 * `context` carries the attempt number, the idempotency key and the attempt's `signal`.
 * @category Transform
 */
export type EventHandlerFunction<TPayload = unknown, TType extends string = string> = (
  event: HandlerEvent<TPayload, TType>,
  context: DeliveryContext,
) => unknown;

/** Options of {@link on}. @category Transform */
export interface OnOptions extends HandlerDestinationOptions {
  /**
   * Stable name of this handler: it is part of every delivery id, so keep it when you reorder
   * handlers. Letters, digits, `.`, `_` and `-`.
   * @default `on.<source>.<type>`, with `*` as `all` and `.2`, `.3`, … for later handlers of the same pair
   */
  readonly name?: string;
}

/**
 * A handler for one source and event type (or pattern), made by {@link on} and passed to
 * `createIngestor({ handlers })`.
 * @category Transform
 */
export interface EventHandler {
  readonly source: string;
  readonly type: string;
  readonly options: OnOptions;
  readonly handler: EventHandlerFunction;
}

/**
 * Runs `handler` for every event of `source` whose type is `type`: an event type, `"*"` for every
 * type, or a prefix pattern such as `"order.*"`. Pass the result to `createIngestor({ handlers })`.
 *
 * Each handler is its own delivery: several handlers of one event are retried, dead-lettered and
 * replayed one by one, and a failing handler never repeats the ones that succeeded. The payload is
 * typed by the source's schema for `type`, or by the provider's event types given to a preset
 * (`stripeSource<Stripe.Event>(…)`).
 * @example
 * const ingestor = createIngestor({
 *   adapter: createMemoryAdapter(),
 *   sources: [shop],
 *   handlers: [
 *     on(shop, "order.completed", async (event) => {
 *       await erp.createOrder(event.payload);
 *     }),
 *   ],
 * });
 * @category Transform
 */
export function on<const TSource extends Source, const TType extends EventTypePattern<TSource>>(
  source: TSource,
  type: TType,
  handler: EventHandlerFunction<PayloadFor<TSource, TType>, TypeOf<TType>>,
  options?: OnOptions,
): EventHandler;
export function on(
  source: string,
  type: string,
  handler: EventHandlerFunction,
  options?: OnOptions,
): EventHandler;
export function on(
  source: Source | string,
  type: string,
  handler: EventHandlerFunction<never>,
  options: OnOptions = {},
): EventHandler {
  const sourceName = typeof source === "string" ? source : source.name;
  if (typeof sourceName !== "string" || sourceName === "") {
    throw new ConfigurationError("`on(source, …)` needs a source or a source name.");
  }
  if (typeof type !== "string" || type === "") {
    throw new ConfigurationError("`on(…, type, …)` needs an event type, `*` or a pattern.");
  }
  if (typeof handler !== "function") {
    throw new ConfigurationError("`on(…, …, handler)` needs a function.");
  }
  if (options.name !== undefined) assertName("on(…).options.name", options.name);
  return Object.freeze({
    source: sourceName,
    type,
    options,
    handler: handler as EventHandlerFunction,
  });
}

/** `TType` for an exact event type; `string` for a pattern. */
type TypeOf<TType extends string> = TType extends "*" | `${string}.*` ? string : TType;

/**
 * The transformers and destinations handlers run on: one transformer (passing the payload on) and
 * one handler destination per handler, both named after it.
 * @internal
 */
export function handlerParts(handlers: readonly EventHandler[]): {
  readonly transformers: readonly Transformer[];
  readonly destinations: readonly Destination[];
} {
  const transformers: Transformer[] = [];
  const destinations: Destination[] = [];
  const used = new Map<string, number>();
  for (const entry of handlers) {
    const base = entry.options.name ?? defaultName(entry.source, entry.type);
    const count = (used.get(base) ?? 0) + 1;
    if (count > 1 && entry.options.name !== undefined) {
      throw new ConfigurationError(
        `Two handlers are named "${base}"; handler names must be unique.`,
      );
    }
    used.set(base, count);
    const name = count === 1 ? base : `${base}.${String(count)}`;
    transformers.push({
      name,
      source: entry.source,
      type: entry.type,
      to: [name],
      transform: ({ payload }) => ({ payload }),
    });
    destinations.push(
      createHandlerDestination<{ readonly payload: unknown }>(
        name,
        (output, context) =>
          entry.handler(
            Object.freeze({
              id: context.eventId,
              source: context.event.source,
              type: context.event.type,
              payload: output.payload,
              receivedAt: context.event.receivedAt,
            }),
            context,
          ),
        entry.options,
      ),
    );
  }
  return { transformers, destinations };
}

function defaultName(source: string, type: string): string {
  const slug = (text: string): string => text.replaceAll("*", "all").replace(/[^\w.-]/g, "_");
  return `on.${slug(source)}.${slug(type)}`;
}
