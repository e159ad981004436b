/**
 * Source preset for Lemon Squeezy webhooks: a JSON:API resource with `meta.event_name`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createLemonSqueezyVerifier } from "../../verify/lemon-squeezy.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { dateAt, headerValue, stringAt } from "./payload-fields.ts";
import { scalarAt } from "./scalar-field.ts";
import { acknowledgeWith200 } from "./plain-text-answer.ts";

/**
 * Options of {@link lemonSqueezySource}.
 * @category Ingest
 */
export interface LemonSqueezySourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's signing secret; several while changing it. */
  readonly secret: SecretInput;
  /** Route name. @default "lemon-squeezy" */
  readonly name?: string;
  /** Schemas by `meta.event_name`: `order_created`, `subscription_updated`, … */
  readonly schemas?: TSchemas;
}

/**
 * Lemon Squeezy webhooks. No event id: the key joins the event name with the resource's type, id
 * and `updated_at`. Answers 200, since Lemon Squeezy retries anything else.
 * @example
 * const source = lemonSqueezySource({ secret: process.env.LEMON_SQUEEZY_SIGNING_SECRET! });
 * @category Ingest
 */
export function lemonSqueezySource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: LemonSqueezySourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "lemon-squeezy",
    verifier: createLemonSqueezyVerifier({ secret: options.secret }),
    id: ({ payload }) => {
      const parts = [
        stringAt(payload, "meta", "event_name"),
        stringAt(payload, "data", "type"),
        scalarAt(payload, "data", "id"),
        stringAt(payload, "data", "attributes", "updated_at"),
      ];
      return parts.includes(undefined) ? undefined : parts.join(":");
    },
    type: ({ payload, headers }) =>
      stringAt(payload, "meta", "event_name") ?? headerValue(headers, "x-event-name"),
    occurredAt: ({ payload }) => dateAt(payload, "data", "attributes", "updated_at"),
    acknowledge: acknowledgeWith200,
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
