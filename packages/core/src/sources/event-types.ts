import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Source } from "./source.ts";

/**
 * Event type name → payload type, for typing handlers only: a source carries it as a type, never
 * at run time, so hookwise needs no provider package to give `on(stripe, "invoice.paid", …)` the
 * provider's own payload type.
 * @category Ingest
 */
export type EventTypeMap = { readonly [type: string]: unknown };

/**
 * The {@link EventTypeMap} of a union of events tagged by `type`, such as `Stripe.Event`:
 * `EventsByType<Stripe.Event>["invoice.paid"]` is `Stripe.InvoicePaidEvent`.
 * @category Ingest
 */
export type EventsByType<TUnion extends { readonly type: string }> = {
  readonly [E in TUnion as E["type"]]: E;
};

/**
 * The {@link EventTypeMap} of a GitHub map keyed by `X-GitHub-Event` (such as `WebhookEventMap`
 * from `@octokit/webhooks-types`), keyed as the GitHub source names types: `issues.opened` for a
 * payload with an `action`, `push` for one without.
 * @category Ingest
 */
export type GitHubEventsOf<TMap> = {
  readonly [E in GitHubEntry<TMap> as E["name"]]: E["payload"];
};

type GitHubEntry<TMap> = {
  [K in keyof TMap & string]: TMap[K] extends infer P
    ? P extends { readonly action: infer A extends string }
      ? { readonly name: `${K}.${A}`; readonly payload: P }
      : { readonly name: K; readonly payload: P }
    : never;
}[keyof TMap & string];

/**
 * What `on(source, type, …)` accepts as `type`: an event type (autocompleted from the source's
 * schemas and event types), `"*"` for every type, or a prefix pattern such as `"order.*"`.
 * @category Transform
 */
export type EventTypePattern<TSource extends Source> =
  KnownEventType<TSource> | "*" | `${string}.*` | (string & {});

/** The event types a source knows by type: its schemas' keys and its event map's keys. */
export type KnownEventType<TSource extends Source> =
  (keyof SchemasOf<TSource> & string) | (keyof EventsOf<TSource> & string);

/**
 * The payload type a handler sees for `TType` (an event type or a pattern) of `TSource`: the
 * schema's output when the source has a schema for the type, else the source's event map entry,
 * else `unknown`. A pattern gives the union of the known types it matches (`unknown` when none).
 * @category Transform
 */
export type PayloadFor<TSource extends Source, TType extends string> = TType extends "*"
  ? UnionOrUnknown<PayloadOfKnown<TSource, KnownEventType<TSource>>>
  : TType extends `${infer Prefix}.*`
    ? UnionOrUnknown<
        PayloadOfKnown<TSource, Extract<KnownEventType<TSource>, `${Prefix}.${string}`>>
      >
    : PayloadOfKnown<TSource, TType>;

type PayloadOfKnown<TSource extends Source, TType extends string> = TType extends unknown
  ? TType extends keyof SchemasOf<TSource>
    ? OutputOf<SchemasOf<TSource>[TType]>
    : TType extends keyof EventsOf<TSource>
      ? EventsOf<TSource>[TType]
      : unknown
  : never;

type OutputOf<TSchema> = TSchema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<TSchema>
  : unknown;

type UnionOrUnknown<T> = [T] extends [never] ? unknown : T;

/** A source's schemas; none when its schemas are only typed as the general record. */
type SchemasOf<TSource> =
  TSource extends Source<infer S> ? (string extends keyof S ? NoSchemas : S) : NoSchemas;
// eslint-disable-next-line @typescript-eslint/no-generated-empty-object-type -- meant: no schema keys
type NoSchemas = Record<never, StandardSchemaV1>;
type EventsOf<TSource> = TSource extends { readonly "~events"?: infer E } ? NonNullable<E> : never;
