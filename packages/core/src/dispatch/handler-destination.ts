import { DeliveryError } from "../errors.ts";
import { systemClock, type Clock } from "../util/clock.ts";
import { startAttemptTimeout, type AttemptTimeout } from "./attempt-timeout.ts";
import {
  assertName,
  assertTimeoutMs,
  type DeliveryContext,
  type DeliveryResult,
  type Destination,
} from "./destination.ts";
import { resolveRetryPolicy, type RetryPolicy } from "./retry-policy.ts";

/**
 * Default time a handler destination may take per attempt, in milliseconds.
 * @category Dispatch
 */
export const DEFAULT_HANDLER_TIMEOUT_MS = 30_000;

/**
 * A function that delivers one output. Resolve to succeed; throw to fail (a `NonRetryableError`
 * stops retrying, anything else is retried). It should stop work when `context.signal` aborts.
 * @category Dispatch
 */
export type DeliveryHandler<TOutput = unknown> = (
  output: TOutput,
  context: DeliveryContext,
) => unknown;

/** Options of {@link createHandlerDestination}. @category Dispatch */
export interface HandlerDestinationOptions {
  /**
   * Time one attempt may take, in milliseconds. When it passes, `context.signal` aborts and the
   * attempt fails as retryable.
   * @default 30_000
   */
  readonly timeoutMs?: number;
  /** Overrides of the worker's retry policy for this destination. @default the worker's policy */
  readonly retry?: Partial<RetryPolicy>;
  /** Time source for the timeout. @default systemClock */
  readonly clock?: Clock;
}

/**
 * A destination that calls a function in-process: write to a database, publish to a bus, call an
 * SDK.
 * @example
 * const crm = createHandlerDestination("crm", async (output, { idempotencyKey, signal }) => {
 *   await crmClient.upsert(output, { idempotencyKey, signal });
 * });
 * @category Dispatch
 */
export function createHandlerDestination<TOutput = unknown>(
  name: string,
  handler: DeliveryHandler<TOutput>,
  options: HandlerDestinationOptions = {},
): Destination {
  assertName("name", name);
  const timeoutMs = options.timeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS;
  assertTimeoutMs("timeoutMs", timeoutMs);
  if (options.retry !== undefined) resolveRetryPolicy(options.retry);
  const clock = options.clock ?? systemClock;

  const onTimeout = (): Error =>
    new DeliveryError(`Handler for destination "${name}" timed out after ${timeoutMs} ms.`, {
      retryable: true,
    });
  // The worker aborts attempts still running past its drain period; a handler that ignores its
  // signal must not hold the shutdown for its whole timeout.
  const onAbort = (): Error =>
    new DeliveryError(`Handler for destination "${name}" was stopped: the worker is closing.`, {
      retryable: true,
    });

  async function deliver(context: DeliveryContext): Promise<DeliveryResult> {
    let timeout: AttemptTimeout | undefined;
    const timed = (): AttemptTimeout =>
      (timeout ??= startAttemptTimeout(context.signal, timeoutMs, clock, onTimeout, onAbort));
    // `signal` stays a getter, so the attempt's signal is made only for a handler that reads it.
    const attemptContext: DeliveryContext = Object.freeze({
      ...context,
      get signal() {
        return timed().signal;
      },
    });
    try {
      const result = handler(context.output as TOutput, attemptContext);
      // A synchronous handler has finished: no timer to start, nothing to race.
      if (!isPromiseLike(result)) return {};
      const running = Promise.resolve(result);
      // A handler that ignores the signal may still reject later; that must not surface as unhandled.
      running.catch(() => undefined);
      await Promise.race([running, timed().expired]);
      return {};
    } finally {
      timeout?.dispose();
    }
  }

  return Object.freeze({ name, ...(options.retry && { retry: options.retry }), deliver });
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === "function";
}
