/** Source preset for Stripe: event id, type and `created` from the event object. */
import type { Source, SourceSchemas } from "../source.ts";
import type { EventsByType } from "../event-types.ts";
import { createStripeVerifier } from "../../verify/stripe.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { numberAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link stripeSource}.
 * @category Ingest
 */
export interface StripeSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The endpoint's signing secret, `whsec_…` exactly as shown (the prefix is part of the key); several while rolling it. */
  readonly secret: SecretInput;
  /** Accepted distance of the signed `t` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "stripe" */
  readonly name?: string;
  /** Schemas by event type (`payment_intent.succeeded`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Stripe webhooks: id `evt_…` (the same across retries), type, and `created` (unix seconds).
 *
 * Give it stripe-node's event union as a type parameter to type handlers by event type, with no
 * run-time dependency on the `stripe` package: `stripeSource<Stripe.Event>(…)`, then
 * `on(stripe, "invoice.paid", (event) => event.payload)` sees a `Stripe.InvoicePaidEvent`.
 * @example
 * const source = stripeSource({ secret: process.env.STRIPE_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function stripeSource<
  TEvent extends { readonly type: string } = never,
  const TSchemas extends SourceSchemas = SourceSchemas,
>(options: StripeSourceOptions<TSchemas>): Source<TSchemas, EventsByType<TEvent>> {
  return {
    name: options.name ?? "stripe",
    verifier: createStripeVerifier({ secret: options.secret, tolerance: options.tolerance }),
    id: ({ payload }) => stringAt(payload, "id"),
    type: ({ payload }) => stringAt(payload, "type"),
    occurredAt: ({ payload }) => {
      const created = numberAt(payload, "created");
      return created === undefined ? undefined : created * 1000;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
