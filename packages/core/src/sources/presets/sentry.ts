/**
 * Source preset for Sentry integration platform webhooks: id from `Request-ID`, type from
 * `Sentry-Hook-Resource` plus the payload's `action` (`issue.created`, `installation.deleted`, …).
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { createSentryVerifier } from "../../verify/sentry.ts";
import { headerValue, secondsHeader, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link sentrySource}.
 * @category Ingest
 */
export interface SentrySourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The integration's Client Secret; several while rotating it. */
  readonly secret: SecretInput;
  /** Route name. @default "sentry" */
  readonly name?: string;
  /** Schemas by `<resource>.<action>`: `issue.created`, `event_alert.triggered`, `comment.created`, … */
  readonly schemas?: TSchemas;
}

/**
 * Sentry webhooks. The time is `Sentry-Hook-Timestamp` (informational only: it is not signed).
 * @example
 * const source = sentrySource({ secret: process.env.SENTRY_CLIENT_SECRET! });
 * @category Ingest
 */
export function sentrySource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: SentrySourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "sentry",
    verifier: createSentryVerifier({ secret: options.secret }),
    id: ({ headers }) => headerValue(headers, "request-id"),
    type: ({ headers, payload }) => {
      const resource = headerValue(headers, "sentry-hook-resource");
      const action = stringAt(payload, "action");
      return resource === undefined || action === undefined ? resource : `${resource}.${action}`;
    },
    occurredAt: ({ headers }) => secondsHeader(headers, "sentry-hook-timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
