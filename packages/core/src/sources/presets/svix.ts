/**
 * Source preset for Svix (Standard Webhooks with `svix-*` headers, or `webhook-*` for
 * white-labelled accounts), shared by the providers that deliver through it (Clerk, Resend).
 */
import type { Source, SourceContext, SourceSchemas } from "../source.ts";
import { createStandardWebhooksVerifier } from "../../verify/standard-webhooks.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { headerValue, secondsHeader, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link svixSource} and of the presets of providers that deliver through Svix.
 * @category Ingest
 */
export interface SvixSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The endpoint's signing secret, `whsec_…`; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of the signed timestamp from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default the provider id: "svix", "clerk" or "resend" */
  readonly name?: string;
  /** Schemas by event `type`. */
  readonly schemas?: TSchemas;
}

/**
 * Webhooks sent by Svix for any application; the message id (`svix-id`) is the idempotency key.
 * @example
 * const source = svixSource({ secret: process.env.SVIX_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function svixSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: SvixSourceOptions<TSchemas>,
): Source<TSchemas> {
  return svixLikeSource(options, "svix", () => undefined);
}

/**
 * A Standard Webhooks source with Svix's header names, for providers that deliver through Svix.
 * @internal
 */
export function svixLikeSource<TSchemas extends SourceSchemas>(
  options: SvixSourceOptions<TSchemas>,
  provider: string,
  occurredAt: (context: SourceContext) => number | undefined,
): Source<TSchemas> {
  const verifier = createStandardWebhooksVerifier({
    secret: options.secret,
    tolerance: options.tolerance,
    headerPrefixes: ["svix", "webhook"],
    scheme: provider,
  });
  return {
    name: options.name ?? provider,
    verifier,
    id: ({ headers }) => headerValue(headers, "svix-id") ?? headerValue(headers, "webhook-id"),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: (context) =>
      occurredAt(context) ??
      secondsHeader(context.headers, "svix-timestamp") ??
      secondsHeader(context.headers, "webhook-timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
