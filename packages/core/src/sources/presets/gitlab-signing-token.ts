/**
 * Source preset for GitLab webhooks signed with a signing token: Standard Webhooks headers
 * (`webhook-id` equals GitLab's `Idempotency-Key`), the token being a `whsec_` secret. For the
 * older secret token echoed in `X-Gitlab-Token` use the GitLab token verifier instead.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createStandardWebhooksVerifier } from "../../verify/standard-webhooks.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { gitlabEventType } from "./gitlab.ts";
import { headerValue, secondsHeader } from "./payload-fields.ts";

/**
 * Options of {@link gitlabSigningTokenSource}.
 * @category Ingest
 */
export interface GitLabSigningTokenSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's signing token, `whsec_…`; several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of `webhook-timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "gitlab" */
  readonly name?: string;
  /** Schemas by event type: the payload's `object_kind` (`push`, `merge_request`, …) or `event_name` for system hooks. */
  readonly schemas?: TSchemas;
}

/**
 * GitLab webhooks verified with the signing token: id from `webhook-id`, type from `object_kind`
 * (else `event_name`, else the `X-Gitlab-Event` header), time from `webhook-timestamp`.
 * @example
 * const source = gitlabSigningTokenSource({ secret: process.env.GITLAB_SIGNING_TOKEN! });
 * @category Ingest
 */
export function gitlabSigningTokenSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: GitLabSigningTokenSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "gitlab",
    verifier: createStandardWebhooksVerifier({
      secret: options.secret,
      tolerance: options.tolerance,
      scheme: "gitlab-signing-token",
    }),
    id: ({ headers }) =>
      headerValue(headers, "webhook-id") ?? headerValue(headers, "idempotency-key"),
    type: gitlabEventType,
    occurredAt: ({ headers }) => secondsHeader(headers, "webhook-timestamp"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
