// Type tests for `on(source, type, handler)`, checked by `tsc -p tsconfig.json` (not run by vitest).
import type {
  IssuesEvent,
  IssuesOpenedEvent,
  PushEvent,
  WebhookEventMap,
} from "@octokit/webhooks-types";
import type Stripe from "stripe";
import { expectTypeOf } from "vitest";
import { z } from "zod";
import type { Adapter } from "../../src/adapter.ts";
import { createIngestor } from "../../src/create-ingestor.ts";
import { on, type HandlerEvent } from "../../src/transform/on.ts";
import { defineSource } from "../../src/sources/source.ts";
import { githubSource } from "../../src/sources/presets/github.ts";
import { stripeSource } from "../../src/sources/presets/stripe.ts";
import { createHmacVerifier } from "../../src/verify/generic-hmac.ts";

const order = z.object({ id: z.string(), total: z.number() });
const refund = z.object({ id: z.string(), reason: z.string() });
const shop = defineSource({
  name: "shop",
  verifier: createHmacVerifier({ secret: "s", header: "x-sig" }),
  id: () => "1",
  type: () => "order.completed",
  schemas: { "order.completed": order, "order.refunded": refund, "customer.created": order },
});

// A source's schemas type the payload per event name.
on(shop, "order.completed", (event) => {
  expectTypeOf(event.payload).toEqualTypeOf<{ id: string; total: number }>();
  expectTypeOf(event.type).toEqualTypeOf<"order.completed">();
});
on(shop, "order.refunded", (event) => {
  expectTypeOf(event.payload).toEqualTypeOf<{ id: string; reason: string }>();
});
// A prefix pattern gives the union of the types it matches; `*` every type of the source.
on(shop, "order.*", (event) => {
  expectTypeOf(event.payload).toEqualTypeOf<
    { id: string; total: number } | { id: string; reason: string }
  >();
  expectTypeOf(event.type).toEqualTypeOf<string>();
});
on(shop, "*", (event) => {
  expectTypeOf(event).toEqualTypeOf<
    HandlerEvent<{ id: string; total: number } | { id: string; reason: string }>
  >();
});
// A type without a schema, or a source given by name, is `unknown`.
on(shop, "order.unknown", (event) => {
  expectTypeOf(event.payload).toBeUnknown();
});
on("shop", "order.completed", (event) => {
  expectTypeOf(event.payload).toBeUnknown();
});

// Stripe: the provider's event union as a type parameter, no run-time dependency.
const stripe = stripeSource<Stripe.Event>({ secret: "whsec_x" });
on(stripe, "invoice.paid", (event) => {
  expectTypeOf(event.payload).toEqualTypeOf<Stripe.InvoicePaidEvent>();
  expectTypeOf(event.payload.data.object).toEqualTypeOf<Stripe.Invoice>();
});
on(stripe, "payment_intent.*", (event) => {
  expectTypeOf(event.payload).toEqualTypeOf<
    Extract<Stripe.Event, { type: `payment_intent.${string}` }>
  >();
  expectTypeOf<Stripe.PaymentIntentSucceededEvent>().toExtend<typeof event.payload>();
});
// Without the type parameter the payload stays `unknown`.
on(stripeSource({ secret: "whsec_x" }), "invoice.paid", (event) => {
  expectTypeOf(event.payload).toBeUnknown();
});

// GitHub: octokit's map by X-GitHub-Event, keyed `event.action` as the source names types.
const github = githubSource<WebhookEventMap>({ secret: "s" });
on(github, "issues.opened", (event) => {
  expectTypeOf(event.payload).toEqualTypeOf<IssuesOpenedEvent>();
});
on(github, "push", (event) => {
  expectTypeOf(event.payload).toEqualTypeOf<PushEvent>();
});
on(github, "issues.*", (event) => {
  expectTypeOf(event.payload).toEqualTypeOf<IssuesEvent>();
});

// Typed sources and their handlers go into createIngestor as they are.
declare const adapter: Adapter;
createIngestor({
  adapter,
  sources: [shop, stripe, github],
  handlers: [
    on(stripe, "invoice.paid", () => undefined),
    on(github, "push", () => undefined),
    on(shop, "*", () => undefined),
  ],
});
