/** Source preset for Paddle Billing: `event_id`, `event_type` and `occurred_at` from the notification. */
import type { Source, SourceSchemas } from "../source.ts";
import { createPaddleVerifier } from "../../verify/paddle.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/** Options of {@link paddleSource}. */
export interface PaddleSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The notification destination's secret key (`pdl_ntfset_…`); several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of the signed `ts` from now, seconds. @default { pastSeconds: 5, futureSeconds: 5 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "paddle" */
  readonly name?: string;
  /** Schemas by event type (`transaction.completed`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Paddle Billing webhooks: id `event_id` (stable across retries), type `event_type`, time `occurred_at`.
 * @example
 * const source = paddleSource({ secret: process.env.PADDLE_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function paddleSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: PaddleSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "paddle",
    verifier: createPaddleVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ payload }) => stringAt(payload, "event_id"),
    type: ({ payload }) => stringAt(payload, "event_type"),
    occurredAt: ({ payload }) => dateAt(payload, "occurred_at"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
