/**
 * Source preset for GitLab webhooks checked with the secret token (`X-Gitlab-Token`). The token
 * is sent in clear and does not cover the body: prefer the signing token (`gitlabSigningTokenSource`)
 * where your GitLab offers it.
 */
import type { Source, SourceContext, SourceSchemas } from "../source.ts";
import { createGitLabVerifier } from "../../verify/gitlab.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { headerValue, stringAt } from "./payload-fields.ts";

/** Options of {@link gitlabSource}. */
export interface GitLabSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's secret token; several while changing it. */
  readonly secret: SecretInput;
  /** Route name. @default "gitlab" */
  readonly name?: string;
  /** Schemas by event type: the payload's `object_kind` (`push`, `merge_request`, …) or `event_name` for system hooks. */
  readonly schemas?: TSchemas;
}

/**
 * GitLab webhooks: id from `Idempotency-Key` (stable across GitLab's retries), else
 * `X-Gitlab-Event-UUID`; type from `object_kind`, else `event_name`, else `X-Gitlab-Event`.
 * @example
 * const source = gitlabSource({ secret: process.env.GITLAB_WEBHOOK_TOKEN! });
 * @category Ingest
 */
export function gitlabSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: GitLabSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "gitlab",
    verifier: createGitLabVerifier({ secret: options.secret }),
    id: ({ headers }) =>
      headerValue(headers, "idempotency-key") ?? headerValue(headers, "x-gitlab-event-uuid"),
    type: gitlabEventType,
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

/**
 * A GitLab event's type, whichever token authenticated it: `object_kind`, else `event_name`
 * (system hooks), else the `X-Gitlab-Event` header.
 * @internal
 */
export function gitlabEventType({ payload, headers }: SourceContext): string | undefined {
  return (
    stringAt(payload, "object_kind") ??
    stringAt(payload, "event_name") ??
    headerValue(headers, "x-gitlab-event")
  );
}
