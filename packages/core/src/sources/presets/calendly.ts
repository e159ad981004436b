/**
 * Source preset for Calendly webhooks: `{ event, created_at, payload: { uri, … } }`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createCalendlyVerifier } from "../../verify/calendly.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link calendlySource}.
 * @category Ingest
 */
export interface CalendlySourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The subscription's `signing_key`; several while replacing it. */
  readonly secret: SecretInput;
  /** Accepted distance of `t` from now, seconds. @default { pastSeconds: 180, futureSeconds: 180 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "calendly" */
  readonly name?: string;
  /** Schemas by `event`: `invitee.created`, `invitee.canceled`, … */
  readonly schemas?: TSchemas;
}

/**
 * Calendly webhooks. Calendly sends no event id: the key joins `event`, the payload's `uri` and
 * `created_at`; the time is `created_at`.
 * @example
 * const source = calendlySource({ secret: process.env.CALENDLY_WEBHOOK_SIGNING_KEY! });
 * @category Ingest
 */
export function calendlySource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: CalendlySourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "calendly",
    verifier: createCalendlyVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ payload }) => {
      const parts = [
        stringAt(payload, "event"),
        stringAt(payload, "payload", "uri"),
        stringAt(payload, "created_at"),
      ];
      return parts.includes(undefined) ? undefined : parts.join(":");
    },
    type: ({ payload }) => stringAt(payload, "event"),
    occurredAt: ({ payload }) => dateAt(payload, "created_at"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
