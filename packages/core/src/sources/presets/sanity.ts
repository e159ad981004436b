/**
 * Source preset for Sanity GROQ-powered webhooks. The body is whatever the webhook's projection
 * makes it, so id, type and time come from Sanity's headers: `idempotency-key`,
 * `sanity-operation` (`create`, `update`, `delete`) with the document's `_type` when projected,
 * and `sanity-transaction-time`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createSanityVerifier } from "../../verify/sanity.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { headerValue, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link sanitySource}.
 * @category Ingest
 */
export interface SanitySourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's secret; several while changing it. */
  readonly secret: SecretInput;
  /** Accepted distance of the signed `t` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "sanity" */
  readonly name?: string;
  /** Schemas by type: `<_type>.<operation>` (`post.update`), or the operation when `_type` is not projected. */
  readonly schemas?: TSchemas;
}

/**
 * Sanity webhooks. The id is the `idempotency-key` header (the same on every retry), else
 * `sanity-transaction-id` with `sanity-document-id`.
 * @example
 * const source = sanitySource({ secret: process.env.SANITY_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function sanitySource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: SanitySourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "sanity",
    verifier: createSanityVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ headers }) => {
      const key = headerValue(headers, "idempotency-key");
      if (key !== undefined) return key;
      const transaction = headerValue(headers, "sanity-transaction-id");
      const document = headerValue(headers, "sanity-document-id");
      return transaction === undefined || document === undefined
        ? undefined
        : `${transaction}:${document}`;
    },
    type: ({ headers, payload }) => {
      const operation = headerValue(headers, "sanity-operation");
      const documentType = stringAt(payload, "_type");
      if (operation === undefined) return documentType;
      return documentType === undefined ? operation : `${documentType}.${operation}`;
    },
    occurredAt: ({ headers }) => {
      const time = Date.parse(headerValue(headers, "sanity-transaction-time") ?? "");
      return Number.isNaN(time) ? undefined : time;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
