import { createMemoryAdapter } from "@hookwise/adapter-memory";
import type { Logger, LogFields } from "@hookwise/core";
import { Webhook } from "standardwebhooks";
import {
  createOutbox,
  exponentialRetry,
  type Outbox,
  type OutboxOptions,
} from "../../src/index.ts";
import { createFetchTransport } from "../../src/fetch-transport.ts";

/** A logger that keeps its lines, to assert on what was (and was not) logged. */
export function recordingLogger(): Logger & {
  lines: { level: string; message: string; fields?: LogFields }[];
} {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at = (level: string) => (message: string, fields?: LogFields) => {
    lines.push({ level, message, ...(fields !== undefined && { fields }) });
  };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Fast retries for tests: 4 attempts, 20 to 40 ms apart. */
export const QUICK_RETRY = exponentialRetry({
  maxAttempts: 4,
  minDelayMs: 20,
  maxDelayMs: 40,
  factor: 1,
});

/** An outbox on a fresh memory adapter, sending through `fetch` (so msw answers), started. */
export function startOutbox(
  options: Partial<OutboxOptions> = {},
): Outbox & { logger: ReturnType<typeof recordingLogger> } {
  const logger = recordingLogger();
  const outbox = createOutbox({
    adapter: createMemoryAdapter({ logger }),
    transport: createFetchTransport(),
    retry: QUICK_RETRY,
    timeoutMs: 2_000,
    logger,
    ...options,
  });
  outbox.start();
  return Object.assign(outbox, { logger });
}

/** Polls `check` until it returns a value (not `undefined`), for at most `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Not reached within ${String(timeoutMs)} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The message once it is delivered or dead-lettered. */
export function settled(outbox: Outbox, id: string, timeoutMs?: number) {
  return eventually(async () => {
    const message = await outbox.getMessage(id);
    return message?.status === "delivered" || message?.status === "dead_lettered"
      ? message
      : undefined;
  }, timeoutMs);
}

/** Verifies a request the way a receiver using the `standardwebhooks` package does. */
export function verifyWithStandardWebhooks(
  secret: string,
  body: string,
  headers: Headers | Record<string, string>,
): unknown {
  const record = headers instanceof Headers ? Object.fromEntries(headers.entries()) : headers;
  return new Webhook(secret).verify(body, record);
}
