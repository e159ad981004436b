/** Source preset for WorkOS: event `id`, `event` and `created_at`. */
import type { Source, SourceSchemas } from "../source.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { createWorkOSVerifier } from "../../verify/workos.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/** Options of {@link workosSource}. */
export interface WorkOSSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook endpoint's secret; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of the signed `t` from now, seconds. @default { pastSeconds: 180, futureSeconds: 180 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "workos" */
  readonly name?: string;
  /** Schemas by event (`user.created`, `dsync.user.updated`, …). */
  readonly schemas?: TSchemas;
}

/**
 * WorkOS webhooks: id `event_…`, type `event`, time `created_at`.
 * @example
 * const source = workosSource({ secret: process.env.WORKOS_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function workosSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: WorkOSSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "workos",
    verifier: createWorkOSVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ payload }) => stringAt(payload, "id"),
    type: ({ payload }) => stringAt(payload, "event"),
    occurredAt: ({ payload }) => dateAt(payload, "created_at"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
