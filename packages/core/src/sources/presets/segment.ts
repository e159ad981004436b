/**
 * Source preset for Segment's Webhooks destination: one Segment message per request
 * (`{ messageId, type, timestamp, … }`). Disable batching: a batched request's signature does not
 * cover the whole body.
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { createSegmentVerifier } from "../../verify/segment.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link segmentSource}.
 * @category Ingest
 */
export interface SegmentSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The destination's Shared Secret; several while changing it. */
  readonly secret: SecretInput;
  /** Route name. @default "segment" */
  readonly name?: string;
  /** Schemas by message `type`: `track`, `identify`, `page`, `screen`, `group`, `alias`. */
  readonly schemas?: TSchemas;
}

/**
 * Segment messages: id `messageId`, type `type`, time `timestamp`.
 * @example
 * const source = segmentSource({ secret: process.env.SEGMENT_SHARED_SECRET! });
 * @category Ingest
 */
export function segmentSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: SegmentSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "segment",
    verifier: createSegmentVerifier({ secret: options.secret }),
    id: ({ payload }) => stringAt(payload, "messageId"),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: ({ payload }) => dateAt(payload, "timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
