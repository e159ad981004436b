/** Source preset for Razorpay: id from `x-razorpay-event-id`, type `event`, time `created_at`. */
import type { Source, SourceSchemas } from "../source.ts";
import { createRazorpayVerifier, RAZORPAY_EVENT_ID_HEADER } from "../../verify/razorpay.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { headerValue, numberAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link razorpaySource}.
 * @category Ingest
 */
export interface RazorpaySourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook secret set in the Dashboard; several while changing it. */
  readonly secret: SecretInput;
  /** Route name. @default "razorpay" */
  readonly name?: string;
  /** Schemas by event (`payment.captured`, `order.paid`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Razorpay webhooks. The idempotency key is the `x-razorpay-event-id` header, which Razorpay keeps
 * across retries (the body has no event id).
 * @example
 * const source = razorpaySource({ secret: process.env.RAZORPAY_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function razorpaySource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: RazorpaySourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "razorpay",
    verifier: createRazorpayVerifier({ secret: options.secret }),
    id: ({ headers }) => headerValue(headers, RAZORPAY_EVENT_ID_HEADER),
    type: ({ payload }) => stringAt(payload, "event"),
    occurredAt: ({ payload }) => {
      const created = numberAt(payload, "created_at");
      return created === undefined ? undefined : created * 1000;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
