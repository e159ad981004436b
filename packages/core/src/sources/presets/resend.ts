/** Source preset for Resend, which delivers webhooks through Svix. */
import type { Source, SourceSchemas } from "../source.ts";
import { dateAt } from "./payload-fields.ts";
import { svixLikeSource } from "./svix.ts";
import type { SvixSourceOptions } from "./svix.ts";

/**
 * Options of {@link resendSource}: the endpoint's `whsec_…` signing secret, tolerance, name (default
 * `resend`) and schemas by event type (`email.delivered`, …).
 * @category Ingest
 */
export type ResendSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> =
  SvixSourceOptions<TSchemas>;

/**
 * Resend webhooks: id from `svix-id`, type from `type`, time from the payload's `created_at`.
 * @example
 * const source = resendSource({ secret: process.env.RESEND_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function resendSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: ResendSourceOptions<TSchemas>,
): Source<TSchemas> {
  return svixLikeSource(options, "resend", ({ payload }) => dateAt(payload, "created_at"));
}
