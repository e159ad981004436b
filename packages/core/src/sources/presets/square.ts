/** Source preset for Square: `event_id`, `type` and `created_at` from the notification body. */
import type { Source, SourceSchemas } from "../source.ts";
import type { PublicUrl } from "../../verify/public-url.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { createSquareVerifier } from "../../verify/square.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/** Options of {@link squareSource}. */
export interface SquareSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The subscription's signature key; several while replacing it. */
  readonly secret: SecretInput;
  /** The notification URL exactly as configured at Square, when the server sees another (an origin string or a function). @default the request URL */
  readonly publicUrl?: PublicUrl;
  /** Also accept the deprecated HMAC-SHA1 `x-square-signature` when the SHA-256 header is absent. @default false */
  readonly allowLegacySha1?: boolean;
  /** Route name. @default "square" */
  readonly name?: string;
  /** Schemas by event type (`payment.updated`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Square webhooks: id `event_id` (the same across retries), type, and `created_at`.
 * @example
 * const source = squareSource({ secret: process.env.SQUARE_SIGNATURE_KEY!, publicUrl: () => "https://example.com/webhooks/square" });
 * @category Ingest
 */
export function squareSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: SquareSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "square",
    verifier: createSquareVerifier({
      secret: options.secret,
      publicUrl: options.publicUrl,
      allowLegacySha1: options.allowLegacySha1 ?? false,
    }),
    id: ({ payload }) => stringAt(payload, "event_id"),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: ({ payload }) => dateAt(payload, "created_at"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
