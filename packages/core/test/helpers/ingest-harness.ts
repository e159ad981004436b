import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { z } from "zod";
import type { Adapter } from "../../src/adapter.ts";
import type { Destination } from "../../src/dispatch/destination.ts";
import { createIngestor, type Ingestor, type IngestorOptions } from "../../src/create-ingestor.ts";
import { defineSource } from "../../src/sources/source.ts";
import { createFakeClock, type FakeClock } from "../../src/testing/fake-clock.ts";
import { systemClock, type Clock } from "../../src/util/clock.ts";
import { defineTransformer } from "../../src/transform/transformer.ts";
import type { LogFields, Logger } from "../../src/util/logger.ts";
import { createHmacSigner, createHmacVerifier } from "../../src/verify/generic-hmac.ts";

/** A secret and a payload marker that must never show up in a response or a log line. */
export const SECRET = "whk-test-secret-3f9a1c";
export const PAYLOAD_MARKER = "customer-email-7d2e@example.test";

const scheme = { secret: SECRET, header: "x-shop-signature", prefix: "sha256=" } as const;
const signer = createHmacSigner(scheme);

export const orderSchema = z.object({
  id: z.string(),
  type: z.literal("order.completed"),
  data: z.object({
    total: z.number().int().nonnegative(),
    currency: z.string().length(3),
    email: z.string(),
  }),
});

/** A source shaped like most commerce webhooks: HMAC over the body, id and type in the JSON. */
export const shopSource = defineSource({
  name: "shop",
  verifier: createHmacVerifier(scheme),
  id: ({ payload }) => (payload as { id?: string }).id,
  type: ({ payload }) => (payload as { type?: string }).type,
  schemas: { "order.completed": orderSchema },
});

/** An order event; `overrides` replace top-level fields. */
export function order(
  id = "ord_1",
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    type: "order.completed",
    data: { total: 4200, currency: "EUR", email: PAYLOAD_MARKER },
    ...overrides,
  };
}

/** A signed request in plain data, assignable to `IncomingWebhook`. */
export interface SignedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
  readonly source: string;
}

/** A request signed the way the sender signs it. */
export async function signed(
  payload: unknown,
  options: { headers?: Record<string, string>; secret?: string; source?: string } = {},
): Promise<SignedRequest> {
  const body = new TextEncoder().encode(
    typeof payload === "string" ? payload : JSON.stringify(payload),
  );
  const sign =
    options.secret === undefined ? signer : createHmacSigner({ ...scheme, secret: options.secret });
  const signature = await sign.sign({ body, now: Date.now() });
  return {
    method: "POST",
    url: "/webhooks/shop",
    headers: { "content-type": "application/json", ...signature, ...options.headers },
    body,
    source: options.source ?? "shop",
  };
}

/** Log lines captured for assertions. */
export interface CapturingLogger extends Logger {
  readonly lines: string[];
}

export function capturingLogger(): CapturingLogger {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: LogFields) => {
    lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  };
  return {
    lines,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
  };
}

/** Everything a test needs: an ingestor on the memory adapter with a fake clock and a recorded handler. */
export interface Harness {
  readonly ingestor: Ingestor;
  readonly adapter: Adapter;
  /** The fake clock driving the ingestor (unused with `realClock`). */
  readonly clock: FakeClock;
  readonly logger: CapturingLogger;
  /** Outputs the default `recorder` destination received. */
  readonly delivered: unknown[];
}

/** Options of {@link createHarness}: any ingestor option, plus test conveniences. */
export type HarnessOptions = Omit<Partial<IngestorOptions>, "destinations"> & {
  /** Destinations, or a function building them with the harness clock. @default [recorder] */
  readonly destinations?: readonly Destination[] | ((clock: Clock) => readonly Destination[]);
  /** Use the real clock: for tests about shutdown, where work must actually run. */
  readonly realClock?: boolean;
};

export function createHarness(options: HarnessOptions = {}): Harness {
  const fake = createFakeClock(Date.now());
  const clock: Clock = options.realClock === true ? systemClock : fake;
  const logger = capturingLogger();
  const adapter = options.adapter ?? createMemoryAdapter({ clock, logger });
  const delivered: unknown[] = [];
  const recorder: Destination = {
    name: "recorder",
    deliver: async (context) => {
      delivered.push(context.output);
      return {};
    },
  };
  const { destinations, realClock: _realClock, ...ingestorOptions } = options;
  const ingestor = createIngestor({
    sources: [shopSource],
    transformers: [
      defineTransformer({
        name: "order-total",
        source: shopSource,
        type: "order.completed",
        to: ["recorder"],
        transform: (event) => ({ orderId: event.payload.id, total: event.payload.data.total }),
      }),
    ],
    random: () => 0.5,
    logger,
    ...ingestorOptions,
    clock,
    destinations:
      typeof destinations === "function" ? destinations(clock) : (destinations ?? [recorder]),
    adapter,
  });
  return { ingestor, adapter, clock: fake, logger, delivered };
}

/** Parse a response body. */
export function json(response: { body: string }): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}
