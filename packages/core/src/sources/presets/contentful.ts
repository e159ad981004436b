/**
 * Source preset for Contentful webhooks and app events with request verification: the type is
 * `x-contentful-topic` (`ContentManagement.Entry.publish`, …), the id `x-contentful-idempotency-key`
 * (else `<topic>:<sys.id>:<sys.version>`), the time `sys.updatedAt`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createContentfulVerifier } from "../../verify/contentful.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { dateAt, headerValue, stringAt } from "./payload-fields.ts";
import { scalarAt } from "./scalar-field.ts";

/**
 * Options of {@link contentfulSource}.
 * @category Ingest
 */
export interface ContentfulSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The signing secret (64 characters); several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of `x-contentful-timestamp` from now, seconds. @default { pastSeconds: 30, futureSeconds: 30 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "contentful" */
  readonly name?: string;
  /** Schemas by topic. */
  readonly schemas?: TSchemas;
}

/**
 * Contentful webhooks (content type `application/vnd.contentful.management.v1+json`) and app events.
 * @example
 * const source = contentfulSource({ secret: process.env.CONTENTFUL_SIGNING_SECRET! });
 * @category Ingest
 */
export function contentfulSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: ContentfulSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "contentful",
    verifier: createContentfulVerifier({ secret: options.secret, tolerance: options.tolerance }),
    mediaTypes: ["application/vnd.contentful.management.v1+json", "application/json"],
    id: ({ headers, payload }) => {
      const key = headerValue(headers, "x-contentful-idempotency-key");
      if (key !== undefined) return key;
      const topic = headerValue(headers, "x-contentful-topic");
      const id = stringAt(payload, "sys", "id");
      const version = scalarAt(payload, "sys", "version") ?? scalarAt(payload, "sys", "revision");
      return topic === undefined || id === undefined
        ? undefined
        : `${topic}:${id}:${version ?? ""}`;
    },
    type: ({ headers }) => headerValue(headers, "x-contentful-topic"),
    occurredAt: ({ payload }) => dateAt(payload, "sys", "updatedAt"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
