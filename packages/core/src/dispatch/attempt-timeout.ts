import type { Clock } from "../util/clock.ts";

/** A signal that aborts when the parent does or when the timeout passes. @internal */
export interface AttemptTimeout {
  readonly signal: AbortSignal;
  /** Whether the timeout (not the parent) aborted the signal. */
  timedOut(): boolean;
  /** Resolves never; rejects with `onTimeout()` when the timeout passes. */
  readonly expired: Promise<never>;
  /** Cancel the timer (call once the attempt is over). */
  dispose(): void;
}

/**
 * Starts the per-attempt timeout on the injected clock rather than `AbortSignal.timeout`, so tests
 * drive it with a fake clock instead of waiting.
 * @internal
 */
export function startAttemptTimeout(
  parent: AbortSignal,
  timeoutMs: number,
  clock: Clock,
  onTimeout: () => Error,
): AttemptTimeout {
  const controller = new AbortController();
  let timedOut = false;
  let reject: (error: Error) => void = () => undefined;
  const expired = new Promise<never>((_, rejectExpired) => {
    reject = rejectExpired;
  });
  // Nobody may be awaiting `expired` when it fires; the race that uses it handles the rejection.
  expired.catch(() => undefined);
  const handle = clock.setTimeout(() => {
    timedOut = true;
    const error = onTimeout();
    controller.abort(error);
    reject(error);
  }, timeoutMs);
  return {
    signal: AbortSignal.any([parent, controller.signal]),
    timedOut: () => timedOut,
    expired,
    dispose: () => clock.clearTimeout(handle),
  };
}
