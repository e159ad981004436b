/**
 * Source preset for Vonage signed webhooks (Messages API inbound and status). The type is
 * `message.inbound` for an inbound message and `message.<status>` (`message.delivered`, …) for a
 * status; the time is `timestamp`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { createVonageVerifier } from "../../verify/vonage.ts";
import { dateAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link vonageSource}.
 * @category Ingest
 */
export interface VonageSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The signature secret; several while rotating. */
  readonly signatureSecret: SecretInput;
  /** Accepted distance of the token's `iat` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "vonage" */
  readonly name?: string;
  /** Schemas by type (`message.inbound`, `message.delivered`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Vonage webhooks. The id is `message_uuid`, with the status for a status webhook (one message
 * goes through several).
 * @example
 * const source = vonageSource({ signatureSecret: process.env.VONAGE_SIGNATURE_SECRET! });
 * @category Ingest
 */
export function vonageSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: VonageSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "vonage",
    verifier: createVonageVerifier({
      signatureSecret: options.signatureSecret,
      tolerance: options.tolerance,
    }),
    id: ({ payload }) => {
      const uuid = stringAt(payload, "message_uuid");
      if (uuid === undefined) return undefined;
      const status = stringAt(payload, "status");
      return status === undefined ? uuid : `${uuid}:${status}`;
    },
    type: ({ payload }) => `message.${stringAt(payload, "status") ?? "inbound"}`,
    occurredAt: ({ payload }) => dateAt(payload, "timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
