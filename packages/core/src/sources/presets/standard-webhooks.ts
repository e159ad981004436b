/**
 * Source preset for any Standard Webhooks sender: id from `webhook-id` (stable across retries),
 * type and time from the spec's `{ type, timestamp, data }` payload.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createStandardWebhooksVerifier } from "../../verify/standard-webhooks.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { dateAt, headerValue, secondsHeader, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link standardWebhooksSource}. Give `secret`, `publicKey` or both.
 * @category Ingest
 */
export interface StandardWebhooksSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** `whsec_…` secret(s) for `v1` signatures; several while rotating. */
  readonly secret?: SecretInput;
  /** `whpk_…` public key(s) for `v1a` (Ed25519) signatures. */
  readonly publicKey?: SecretInput;
  /** Accepted distance of `webhook-timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "standard-webhooks" */
  readonly name?: string;
  /** Schemas by event `type`. */
  readonly schemas?: TSchemas;
}

/**
 * A source for a Standard Webhooks sender.
 * @example
 * const source = standardWebhooksSource({ name: "acme", secret: process.env.ACME_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function standardWebhooksSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: StandardWebhooksSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "standard-webhooks",
    verifier: createStandardWebhooksVerifier({
      secret: options.secret,
      publicKey: options.publicKey,
      tolerance: options.tolerance,
    }),
    id: ({ headers }) => headerValue(headers, "webhook-id"),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: ({ payload, headers }) =>
      dateAt(payload, "timestamp") ?? secondsHeader(headers, "webhook-timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
