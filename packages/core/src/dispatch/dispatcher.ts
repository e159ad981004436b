import { ErrorCode, isHookwiseError } from "../errors.ts";
import type { AttemptRecord, DeliveryRecord } from "../events/event-record.ts";
import type { Clock } from "../util/clock.ts";
import { summarizeError } from "../util/error-summary.ts";
import type { DeliveryContext, Destination } from "./destination.ts";
import { computeRetryDelayMs, type RetryPolicy } from "./retry-policy.ts";

/**
 * What to do after an attempt: nothing (delivered), try again after `delayMs`, or stop
 * (dead-lettered: attempts ran out or the failure was not retryable).
 * @category Dispatch
 */
export type AttemptOutcome =
  | { readonly type: "succeeded" }
  | { readonly type: "retry"; readonly delayMs: number }
  | { readonly type: "dead_lettered" };

/** Options of {@link attemptDelivery}. @category Dispatch */
export interface AttemptDeliveryOptions {
  /** The event the delivery belongs to. */
  readonly event: {
    readonly id: string;
    readonly source: string;
    readonly type: string;
    readonly receivedAt: number;
  };
  /** The delivery as stored; its attempts decide the attempt number. */
  readonly delivery: DeliveryRecord;
  readonly destination: Destination;
  /** The policy for this destination (already resolved). */
  readonly policy: RetryPolicy;
  readonly clock: Clock;
  /** Returns a number in [0, 1) for jitter. */
  readonly random: () => number;
  /** Aborts the attempt. @default a signal that never aborts */
  readonly signal?: AbortSignal;
}

/** The recorded attempt and what to do next. @category Dispatch */
export interface AttemptDeliveryResult {
  readonly attempt: AttemptRecord;
  readonly outcome: AttemptOutcome;
}

/**
 * Makes one attempt at a delivery and decides what comes next with the retry policy. Never throws
 * for a failed delivery: the failure is in the returned attempt (a code and a message, no payload).
 * The attempt is marked `final` when the delivery is dead-lettered.
 * @category Dispatch
 */
export async function attemptDelivery(
  options: AttemptDeliveryOptions,
): Promise<AttemptDeliveryResult> {
  const { delivery, destination, clock } = options;
  const attemptNumber = nextAttemptNumber(delivery);
  const context = buildContext(options, attemptNumber);
  const startedAt = clock.now();
  try {
    // Resolving is success, whatever it resolves with: a destination written in JavaScript may
    // resolve nothing, and a second copy of a delivered message must not follow.
    const result = (await destination.deliver(context)) as { responseStatus?: number } | undefined;
    const responseStatus = result?.responseStatus;
    const attempt: AttemptRecord = {
      attempt: attemptNumber,
      startedAt,
      finishedAt: clock.now(),
      ok: true,
      ...(responseStatus !== undefined && { responseStatus }),
    };
    return { attempt, outcome: { type: "succeeded" } };
  } catch (error) {
    const failure = classifyFailure(error, destination.name);
    return failedAttempt(options, failure, attemptNumber, startedAt);
  }
}

function buildContext(options: AttemptDeliveryOptions, attemptNumber: number): DeliveryContext {
  const { event, delivery, destination } = options;
  return Object.freeze({
    eventId: event.id,
    deliveryId: delivery.id,
    idempotencyKey: delivery.id,
    destination: destination.name,
    output: delivery.output,
    attempt: attemptNumber,
    signal: options.signal ?? new AbortController().signal,
    event: Object.freeze({ source: event.source, type: event.type, receivedAt: event.receivedAt }),
  });
}

function failedAttempt(
  options: AttemptDeliveryOptions,
  failure: DeliveryFailure,
  attemptNumber: number,
  startedAt: number,
): AttemptDeliveryResult {
  const { policy } = options;
  const base = {
    attempt: attemptNumber,
    startedAt,
    finishedAt: options.clock.now(),
    ok: false,
    ...(failure.responseStatus !== undefined && { responseStatus: failure.responseStatus }),
    error: { code: failure.code, message: failure.message },
  };
  if (!failure.retryable || attemptNumber >= policy.maxAttempts) {
    return { attempt: { ...base, final: true }, outcome: { type: "dead_lettered" } };
  }
  const retryAfter = failure.retryAfterSeconds;
  const delayMs = computeRetryDelayMs(policy, attemptNumber, options.random, retryAfter);
  return { attempt: { ...base, nextAttemptInMs: delayMs }, outcome: { type: "retry", delayMs } };
}

/**
 * The number the next attempt of this delivery gets: attempts count from 1 again after the last
 * `final` attempt (a replay starts a new round).
 * @example
 * for (const delivery of record.deliveries) console.log(delivery.id, nextAttemptNumber(delivery)); // 1: never tried, or just replayed
 * @category Dispatch
 */
export function nextAttemptNumber(delivery: Pick<DeliveryRecord, "attempts">): number {
  const lastFinal = delivery.attempts.findLastIndex((attempt) => attempt.final === true);
  return delivery.attempts.length - (lastFinal + 1) + 1;
}

/**
 * The round a delivery is in: how many of its attempts ended a round (`final`), so 0 until its
 * first dead-lettering and 1 after a replay. Job ids carry it, so a replay's job is never taken
 * for the one still finishing the round before.
 * @example
 * const jobIds = record.deliveries.map((delivery) => `send:${delivery.id}:r${deliveryRound(delivery)}`);
 * @category Dispatch
 */
export function deliveryRound(delivery: Pick<DeliveryRecord, "attempts">): number {
  let rounds = 0;
  for (const attempt of delivery.attempts) if (attempt.final === true) rounds++;
  return rounds;
}

/** How a thrown value is recorded and whether it may be retried. @internal */
export interface DeliveryFailure {
  readonly code: string;
  readonly message: string;
  readonly retryable: boolean;
  readonly responseStatus?: number;
  readonly retryAfterSeconds?: number;
}

/**
 * Maps a throw to a recordable failure. hookwise errors keep their code and message (ours never
 * hold payloads); anything else is retried and recorded by class name, message (cut to 200
 * characters) and `code`, never its stack: your handler's own words are what you need to fix it.
 * @internal
 */
export function classifyFailure(error: unknown, destination: string): DeliveryFailure {
  if (isHookwiseError(error)) {
    const fields = error as {
      retryable?: unknown;
      responseStatus?: unknown;
      retryAfterSeconds?: unknown;
    };
    return {
      code: error.code,
      message: error.message,
      retryable: isRetryableCode(error.code, fields.retryable),
      ...(typeof fields.responseStatus === "number" && { responseStatus: fields.responseStatus }),
      ...(typeof fields.retryAfterSeconds === "number" && {
        retryAfterSeconds: fields.retryAfterSeconds,
      }),
    };
  }
  return {
    code: ErrorCode.DELIVERY_FAILED,
    message: `Destination "${destination}" threw ${summarizeError(error)}.`,
    retryable: true,
  };
}

function isRetryableCode(code: string, retryable: unknown): boolean {
  if (code === ErrorCode.DELIVERY_FAILED) return retryable !== false;
  // A setup mistake or an explicit stop will not change by waiting; a backend hiccup may.
  return code !== ErrorCode.DELIVERY_NON_RETRYABLE && code !== ErrorCode.CONFIG_INVALID;
}
