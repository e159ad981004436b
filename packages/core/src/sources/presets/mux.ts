/** Source preset for Mux: event `id`, `type` (`video.asset.ready`, …) and `created_at`. */
import type { Source, SourceSchemas } from "../source.ts";
import { createMuxVerifier } from "../../verify/mux.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link muxSource}.
 * @category Ingest
 */
export interface MuxSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's signing secret; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of the signed `t` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "mux" */
  readonly name?: string;
  /** Schemas by event type (`video.asset.ready`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Mux webhooks: id is the event's `id` (kept across retries), type its `type`, time `created_at`.
 * @example
 * const source = muxSource({ secret: process.env.MUX_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function muxSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: MuxSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "mux",
    verifier: createMuxVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ payload }) => stringAt(payload, "id"),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: ({ payload }) => dateAt(payload, "created_at"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
