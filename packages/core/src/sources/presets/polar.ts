/** Source preset for Polar: id from `webhook-id`, `type`, time from the payload's `timestamp`. */
import type { Source, SourceSchemas } from "../source.ts";
import { createPolarVerifier } from "../../verify/polar.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { dateAt, headerValue, secondsHeader, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link polarSource}.
 * @category Ingest
 */
export interface PolarSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The endpoint's secret exactly as Polar shows it; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of `webhook-timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "polar" */
  readonly name?: string;
  /** Schemas by event type (`order.paid`, `subscription.active`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Polar webhooks: the message id (`webhook-id`, kept across retries) is the idempotency key.
 * @example
 * const source = polarSource({ secret: process.env.POLAR_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function polarSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: PolarSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "polar",
    verifier: createPolarVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ headers }) => headerValue(headers, "webhook-id"),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: ({ headers, payload }) =>
      dateAt(payload, "timestamp") ?? secondsHeader(headers, "webhook-timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
