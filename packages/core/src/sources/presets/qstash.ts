/**
 * Source preset for Upstash QStash: the id is `upstash-message-id` (kept across retries), the type
 * `message` (QStash forwards what the publisher sent; give schemas under that name).
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { PublicUrl } from "../../verify/public-url.ts";
import { createQStashVerifier } from "../../verify/qstash.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { headerValue } from "./payload-fields.ts";

/**
 * Header with QStash's message id, the same on every retry.
 * @category Ingest
 */
export const QSTASH_MESSAGE_ID_HEADER = "upstash-message-id";

/**
 * Options of {@link qstashSource}.
 * @category Ingest
 */
export interface QStashSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** `QSTASH_CURRENT_SIGNING_KEY`. */
  readonly currentSigningKey: string;
  /** `QSTASH_NEXT_SIGNING_KEY`. */
  readonly nextSigningKey: string;
  /** Clock-skew slack after `exp` and before `nbf`, seconds. @default { pastSeconds: 0, futureSeconds: 0 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** The public URL QStash calls, when a proxy changes it (the token's `sub` must equal it). */
  readonly publicUrl?: PublicUrl;
  /** Media types of the published messages. @default ["application/json"] */
  readonly mediaTypes?: readonly string[];
  /** Route name. @default "qstash" */
  readonly name?: string;
  /** Schemas by type: `message`. */
  readonly schemas?: TSchemas;
}

/**
 * QStash deliveries (messages, schedules, URL groups).
 * @example
 * const source = qstashSource({
 *   currentSigningKey: process.env.QSTASH_CURRENT_SIGNING_KEY!,
 *   nextSigningKey: process.env.QSTASH_NEXT_SIGNING_KEY!,
 * });
 * @category Ingest
 */
export function qstashSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: QStashSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "qstash",
    verifier: createQStashVerifier({
      currentSigningKey: options.currentSigningKey,
      nextSigningKey: options.nextSigningKey,
      tolerance: options.tolerance,
      publicUrl: options.publicUrl,
    }),
    ...(options.mediaTypes === undefined ? {} : { mediaTypes: options.mediaTypes }),
    id: ({ headers }) => headerValue(headers, QSTASH_MESSAGE_ID_HEADER),
    type: () => "message",
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
