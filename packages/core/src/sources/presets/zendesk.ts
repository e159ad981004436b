/**
 * Source preset for Zendesk webhooks: event-subscription payloads (`{ id, type, time, … }`), with
 * the `x-zendesk-webhook-invocation-id` header as the key for trigger/automation payloads that
 * you define yourself.
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { createZendeskVerifier } from "../../verify/zendesk.ts";
import { dateAt, headerValue, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link zendeskSource}.
 * @category Ingest
 */
export interface ZendeskSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's signing secret; several while resetting it. */
  readonly secret: SecretInput;
  /** Accepted distance of the signed timestamp from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "zendesk" */
  readonly name?: string;
  /** Schemas by `type` (`zen:event-type:ticket.created`, …), or `trigger` for payloads without one. */
  readonly schemas?: TSchemas;
}

/**
 * Zendesk webhooks: id `id` (else the invocation id header), type `type` (else `trigger`), time `time`.
 * @example
 * const source = zendeskSource({ secret: process.env.ZENDESK_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function zendeskSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: ZendeskSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "zendesk",
    verifier: createZendeskVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ payload, headers }) =>
      stringAt(payload, "id") ?? headerValue(headers, "x-zendesk-webhook-invocation-id"),
    type: ({ payload }) => stringAt(payload, "type") ?? "trigger",
    occurredAt: ({ payload }) => dateAt(payload, "time"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
