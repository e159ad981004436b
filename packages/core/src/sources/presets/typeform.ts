/** Source preset for Typeform: id `event_id`, type `event_type`, time `form_response.submitted_at`. */
import type { Source, SourceSchemas } from "../source.ts";
import { createTypeformVerifier } from "../../verify/typeform.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link typeformSource}.
 * @category Ingest
 */
export interface TypeformSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's secret; several while changing it. */
  readonly secret: SecretInput;
  /** Route name. @default "typeform" */
  readonly name?: string;
  /** Schemas by event type (`form_response`). */
  readonly schemas?: TSchemas;
}

/**
 * Typeform webhooks.
 * @example
 * const source = typeformSource({ secret: process.env.TYPEFORM_SECRET! });
 * @category Ingest
 */
export function typeformSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: TypeformSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "typeform",
    verifier: createTypeformVerifier({ secret: options.secret }),
    id: ({ payload }) => stringAt(payload, "event_id"),
    type: ({ payload }) => stringAt(payload, "event_type"),
    occurredAt: ({ payload }) => dateAt(payload, "form_response", "submitted_at"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
