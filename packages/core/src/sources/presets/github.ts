/**
 * Source preset for GitHub: id from `X-GitHub-Delivery`, type from `X-GitHub-Event` plus the
 * payload's `action` (`issues.opened`, like octokit's event names; `push` has no action).
 * Accepts both content types GitHub can be configured to send.
 */
import type { Source, SourceSchemas } from "../source.ts";
import type { GitHubEventsOf } from "../event-types.ts";
import { fromUtf8 } from "../../util/bytes.ts";
import { PayloadParseError } from "../../errors.ts";
import {
  createGitHubVerifier,
  GITHUB_DELIVERY_HEADER,
  GITHUB_EVENT_HEADER,
} from "../../verify/github.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { headerValue, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link githubSource}.
 * @category Ingest
 */
export interface GitHubSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook secret; several while changing it. */
  readonly secret: SecretInput;
  /** Accept the legacy SHA-1 `x-hub-signature` when the SHA-256 header is absent. @default false */
  readonly allowLegacySha1?: boolean;
  /** Route name. @default "github" */
  readonly name?: string;
  /** Schemas by event type: `push`, `issues.opened`, … */
  readonly schemas?: TSchemas;
}

/**
 * GitHub webhooks (JSON, or form-encoded with a `payload` field).
 *
 * Give it a map of GitHub's payload types by `X-GitHub-Event` (such as `WebhookEventMap` from
 * `@octokit/webhooks-types`, a types-only package) to type handlers: `githubSource<WebhookEventMap>(…)`,
 * then `on(github, "issues.opened", (event) => event.payload)` sees an `IssuesOpenedEvent`.
 * @example
 * const source = githubSource({ secret: process.env.GITHUB_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function githubSource<
  TEventMap = never,
  const TSchemas extends SourceSchemas = SourceSchemas,
>(options: GitHubSourceOptions<TSchemas>): Source<TSchemas, GitHubEventsOf<TEventMap>> {
  return {
    name: options.name ?? "github",
    verifier: createGitHubVerifier({
      secret: options.secret,
      allowLegacySha1: options.allowLegacySha1 ?? false,
    }),
    mediaTypes: ["application/json", "application/x-www-form-urlencoded"],
    parse: (body, contentType) => {
      const text = fromUtf8(body);
      if (!isForm(contentType)) return JSON.parse(text) as unknown;
      const payload = new URLSearchParams(text).get("payload");
      if (payload === null) throw new Error("missing payload field");
      return JSON.parse(payload) as unknown;
    },
    id: ({ headers }) => requiredHeader(headers, GITHUB_DELIVERY_HEADER, "event id"),
    type: ({ headers, payload }) => {
      const event = requiredHeader(headers, GITHUB_EVENT_HEADER, "event type");
      const action = stringAt(payload, "action");
      return event === undefined || action === undefined ? event : `${event}.${action}`;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

/** A header's value, or a 400 that names the header (GitHub always sends it). */
function requiredHeader(headers: Headers, name: string, what: string): string {
  const value = headerValue(headers, name);
  if (value === undefined) {
    throw new PayloadParseError(`Could not find the ${what}: the \`${name}\` header is missing.`);
  }
  return value;
}

function isForm(contentType: string | undefined): boolean {
  return (
    (contentType ?? "").split(";")[0]?.trim().toLowerCase() === "application/x-www-form-urlencoded"
  );
}
