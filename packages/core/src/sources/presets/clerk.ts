/** Source preset for Clerk, which delivers webhooks through Svix. */
import type { Source, SourceSchemas } from "../source.ts";
import { numberAt } from "./payload-fields.ts";
import { svixLikeSource } from "./svix.ts";
import type { SvixSourceOptions } from "./svix.ts";

/**
 * Options of {@link clerkSource}: the endpoint's `whsec_…` signing secret, tolerance, name (default
 * `clerk`) and schemas by event type (`user.created`, …).
 * @category Ingest
 */
export type ClerkSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> =
  SvixSourceOptions<TSchemas>;

/**
 * Clerk webhooks: id from `svix-id`, type from `type`, time from the payload's `timestamp` (epoch ms).
 * @example
 * const source = clerkSource({ secret: process.env.CLERK_WEBHOOK_SIGNING_SECRET! });
 * @category Ingest
 */
export function clerkSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: ClerkSourceOptions<TSchemas>,
): Source<TSchemas> {
  return svixLikeSource(options, "clerk", ({ payload }) => numberAt(payload, "timestamp"));
}
