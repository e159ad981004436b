/**
 * Source preset for PagerDuty webhooks (v3): `{ event: { id, event_type, occurred_at, … } }`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createPagerDutyVerifier } from "../../verify/pagerduty.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link pagerdutySource}.
 * @category Ingest
 */
export interface PagerDutySourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The subscription's signing secret; several while rotating it. */
  readonly secret: SecretInput;
  /** Route name. @default "pagerduty" */
  readonly name?: string;
  /** Schemas by `event.event_type`: `incident.triggered`, `incident.resolved`, … */
  readonly schemas?: TSchemas;
}

/**
 * PagerDuty v3 webhooks: id `event.id`, type `event.event_type`, time `event.occurred_at`.
 * @example
 * const source = pagerdutySource({ secret: process.env.PAGERDUTY_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function pagerdutySource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: PagerDutySourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "pagerduty",
    verifier: createPagerDutyVerifier({ secret: options.secret }),
    id: ({ payload }) => stringAt(payload, "event", "id"),
    type: ({ payload }) => stringAt(payload, "event", "event_type"),
    occurredAt: ({ payload }) => dateAt(payload, "event", "occurred_at"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
