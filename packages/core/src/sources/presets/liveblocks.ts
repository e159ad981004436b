/** Source preset for Liveblocks: id from `webhook-id`, `type`, time from `webhook-timestamp`. */
import type { Source, SourceSchemas } from "../source.ts";
import { createLiveblocksVerifier } from "../../verify/liveblocks.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { headerValue, secondsHeader, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link liveblocksSource}.
 * @category Ingest
 */
export interface LiveblocksSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The endpoint's `whsec_…` signing secret; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of `webhook-timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "liveblocks" */
  readonly name?: string;
  /** Schemas by event type (`storageUpdated`, `userEntered`, `commentCreated`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Liveblocks webhooks: the message id (`webhook-id`) is the idempotency key. Unlike
 * `@liveblocks/node`, unknown event types are not rejected (a newer Liveblocks needs no upgrade).
 * @example
 * const source = liveblocksSource({ secret: process.env.LIVEBLOCKS_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function liveblocksSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: LiveblocksSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "liveblocks",
    verifier: createLiveblocksVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ headers }) => headerValue(headers, "webhook-id"),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: ({ headers }) => secondsHeader(headers, "webhook-timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
