/**
 * Source preset for SendGrid's Signed Event Webhook. SendGrid posts a JSON array of events; the
 * whole batch is one hookwise event of type `batch`, keyed by its events' `sg_event_id`s.
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { createSendGridVerifier } from "../../verify/sendgrid.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { batchKey } from "./batch-key.ts";
import { numberAt, stringAt } from "./payload-fields.ts";

/** Options of {@link sendgridSource}. */
export interface SendGridSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** Verification key from Mail Settings → Signed Event Webhook (base64 DER, PEM armor allowed); several while rotating. */
  readonly publicKey: SecretInput;
  /** Accepted distance of the signed timestamp from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "sendgrid" */
  readonly name?: string;
  /** Schemas by type: always `batch` (the array of events). */
  readonly schemas?: TSchemas;
}

/**
 * SendGrid event batches: type `batch`, id from the `sg_event_id` of the first and last events and
 * the count, time from the earliest event `timestamp`.
 * @example
 * const source = sendgridSource({ publicKey: process.env.SENDGRID_VERIFICATION_KEY! });
 * @category Ingest
 */
export function sendgridSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: SendGridSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "sendgrid",
    verifier: createSendGridVerifier({
      publicKey: options.publicKey,
      tolerance: options.tolerance,
    }),
    id: ({ payload }) => batchKey(payload, (event) => stringAt(event, "sg_event_id")),
    type: ({ payload }) => (Array.isArray(payload) ? "batch" : undefined),
    occurredAt: ({ payload }) => earliestSeconds(payload),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function earliestSeconds(payload: unknown): number | undefined {
  if (!Array.isArray(payload)) return undefined;
  let earliest: number | undefined;
  for (const event of payload as unknown[]) {
    const seconds = numberAt(event, "timestamp");
    if (seconds !== undefined && (earliest === undefined || seconds < earliest)) earliest = seconds;
  }
  return earliest === undefined ? undefined : earliest * 1000;
}
