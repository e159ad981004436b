/**
 * Source preset for Shopify webhooks: id from `X-Shopify-Webhook-Id` (kept across retries), type
 * from `X-Shopify-Topic` (`orders/create`), time from `X-Shopify-Triggered-At`; the un-prefixed
 * `shopify-*` headers of "events" deliveries are read too.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createShopifyVerifier } from "../../verify/shopify.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { headerValue } from "./payload-fields.ts";

/**
 * Options of {@link shopifySource}.
 * @category Ingest
 */
export interface ShopifySourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The app's client secret (or the store's notification secret); several while rotating. */
  readonly secret: SecretInput;
  /** Route name. @default "shopify" */
  readonly name?: string;
  /** Schemas by topic (`orders/create`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Shopify webhooks.
 * @example
 * const source = shopifySource({ secret: process.env.SHOPIFY_API_SECRET! });
 * @category Ingest
 */
export function shopifySource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: ShopifySourceOptions<TSchemas>,
): Source<TSchemas> {
  const header = (headers: Headers, name: string): string | undefined =>
    headerValue(headers, `x-shopify-${name}`) ?? headerValue(headers, `shopify-${name}`);
  return {
    name: options.name ?? "shopify",
    verifier: createShopifyVerifier({ secret: options.secret }),
    id: ({ headers }) => header(headers, "webhook-id") ?? header(headers, "event-id"),
    type: ({ headers }) => header(headers, "topic"),
    occurredAt: ({ headers }) => {
      const text = header(headers, "triggered-at");
      const ms = text === undefined ? Number.NaN : Date.parse(text);
      return Number.isNaN(ms) ? undefined : ms;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
