/**
 * The whole system on 127.0.0.1 with ephemeral ports: a mock Hail API and the integration pointed
 * at it, on the memory adapter. Used by the demo and the end-to-end test.
 */
import { randomBytes } from "node:crypto";
import type { Ingestor, Logger, RetryPolicy } from "@hookwise/core";
import { createNewstoreHailApp } from "./app.ts";
import type { EventView } from "@hookwise/core";
import { listen } from "./listen.ts";
import { createMockHail, type MockHail } from "./mock-hail/mock-hail.ts";

/** A retry policy that finishes in well under a second: for demos and tests only. */
export const FAST_RETRY: Partial<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  minDelayMs: 20,
  maxDelayMs: 200,
  factor: 2,
  // Hail's `Retry-After: 1` is honoured, but capped to keep the demo fast.
  maxRetryAfterMs: 150,
});

/** Options of {@link startStack}. */
export interface StackOptions {
  /** Retry policy for Hail. @default FAST_RETRY */
  readonly retry?: Partial<RetryPolicy>;
  /** Where hookwise logs. @default hookwise's console logger */
  readonly logger?: Logger;
}

/** The running system. */
export interface Stack {
  /** Where NewStore posts: `http://127.0.0.1:<port>/webhooks/newstore`. */
  readonly webhookUrl: string;
  /** The integration's base URL. */
  readonly baseUrl: string;
  /** The mock Hail's base URL (`HAIL_API_URL`). */
  readonly hailUrl: string;
  /** The NewStore webhook secret the integration was started with (random per stack). */
  readonly secret: string;
  readonly hail: MockHail;
  readonly ingestor: Ingestor;
  /** `GET /webhooks/events/:id`; `undefined` on 404. */
  getEvent(id: string): Promise<EventView | undefined>;
  /** Polls `GET /webhooks/events/:id` until the event is delivered, dead-lettered or ignored. */
  waitUntilSettled(id: string, timeoutMs?: number): Promise<EventView>;
  /** Close the server, the ingestor (draining deliveries) and the mock. Idempotent. */
  close(): Promise<void>;
}

const SETTLED: ReadonlySet<string> = new Set(["delivered", "dead_lettered", "ignored"]);

/** Starts the mock Hail and the integration on 127.0.0.1, worker running. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const hail = createMockHail();
  const hailServer = await listen(hail.app, 0, "127.0.0.1");
  const secret = randomBytes(24).toString("hex");
  const { app, ingestor } = createNewstoreHailApp({
    config: {
      port: 0,
      host: "127.0.0.1",
      newstoreWebhookSecrets: [secret],
      hailApiUrl: hailServer.url,
      hailApiKey: undefined,
    },
    retry: options.retry ?? FAST_RETRY,
    hailTimeoutMs: 2_000,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  ingestor.start();
  const server = await listen(app, 0, "127.0.0.1");

  const getEvent = async (id: string): Promise<EventView | undefined> => {
    const response = await fetch(`${server.url}/webhooks/events/${encodeURIComponent(id)}`);
    if (response.status === 404) return undefined;
    if (!response.ok) throw new Error(`GET /webhooks/events/:id answered HTTP ${response.status}.`);
    return (await response.json()) as EventView;
  };
  let closing: Promise<void> | undefined;
  return {
    webhookUrl: `${server.url}/webhooks/newstore`,
    baseUrl: server.url,
    hailUrl: hailServer.url,
    secret,
    hail,
    ingestor,
    getEvent,
    waitUntilSettled: (id, timeoutMs = 5_000) => waitUntilSettled(getEvent, id, timeoutMs),
    close() {
      closing ??= (async () => {
        await server.close();
        await ingestor.close();
        await hailServer.close();
      })();
      return closing;
    },
  };
}

async function waitUntilSettled(
  getEvent: (id: string) => Promise<EventView | undefined>,
  id: string,
  timeoutMs: number,
): Promise<EventView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await getEvent(id);
    if (view !== undefined && SETTLED.has(view.status)) return view;
    if (Date.now() > deadline) {
      throw new Error(
        `Event ${id} did not settle within ${timeoutMs} ms (status: ${view?.status ?? "not found"}).`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
