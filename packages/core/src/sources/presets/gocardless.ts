/**
 * Source preset for GoCardless: one webhook carries `events[]`; a webhook of one event takes the
 * type `<resource_type>.<action>` (`payments.confirmed`), several are type `batch`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createGoCardlessVerifier } from "../../verify/gocardless.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { batchKey } from "./batch-key.ts";
import { dateAt, pathOf, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link gocardlessSource}.
 * @category Ingest
 */
export interface GoCardlessSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook endpoint's secret; several while rotating. */
  readonly secret: SecretInput;
  /** Route name. @default "gocardless" */
  readonly name?: string;
  /** Schemas by type: `<resource_type>.<action>` or `batch`. */
  readonly schemas?: TSchemas;
}

/**
 * GoCardless webhooks. The id is `meta.webhook_id` (the same on every retry), else a batch key over
 * the events' ids; the time is the first event's `created_at`.
 * @example
 * const source = gocardlessSource({ secret: process.env.GOCARDLESS_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function gocardlessSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: GoCardlessSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "gocardless",
    verifier: createGoCardlessVerifier({ secret: options.secret }),
    id: ({ payload }) =>
      stringAt(payload, "meta", "webhook_id") ??
      batchKey(pathOf(payload, "events"), (event) => stringAt(event, "id")),
    type: ({ payload }) => {
      const events = pathOf(payload, "events");
      if (!Array.isArray(events) || events.length === 0) return undefined;
      if (events.length > 1) return "batch";
      const resource = stringAt(events[0], "resource_type");
      const action = stringAt(events[0], "action");
      return resource === undefined || action === undefined ? undefined : `${resource}.${action}`;
    },
    occurredAt: ({ payload }) => {
      const events = pathOf(payload, "events");
      return Array.isArray(events) ? dateAt(events[0], "created_at") : undefined;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
