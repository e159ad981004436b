/**
 * Source preset for Linear: id from `Linear-Delivery`, type from the payload's `type` (`Issue`,
 * `Comment`, …; the verb is in `action`), time from `createdAt`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createLinearVerifier } from "../../verify/linear.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { dateAt, headerValue, numberAt, stringAt } from "./payload-fields.ts";

/** Options of {@link linearSource}. */
export interface LinearSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's signing secret; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of the body's `webhookTimestamp` from now, seconds. @default { pastSeconds: 60, futureSeconds: 60 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "linear" */
  readonly name?: string;
  /** Schemas by entity type (`Issue`, `Comment`, `Project`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Linear webhooks. The id is the `Linear-Delivery` header, else the webhook id with the signed
 * `webhookTimestamp`.
 * @example
 * const source = linearSource({ secret: process.env.LINEAR_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function linearSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: LinearSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "linear",
    verifier: createLinearVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ headers, payload }) => headerValue(headers, "linear-delivery") ?? fallbackId(payload),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: ({ payload }) =>
      dateAt(payload, "createdAt") ?? numberAt(payload, "webhookTimestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function fallbackId(payload: unknown): string | undefined {
  const webhookId = stringAt(payload, "webhookId");
  const timestamp = numberAt(payload, "webhookTimestamp");
  return webhookId === undefined || timestamp === undefined
    ? undefined
    : `${webhookId}:${timestamp}`;
}
