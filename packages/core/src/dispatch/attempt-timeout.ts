import type { Clock } from "../util/clock.ts";

/** A signal that aborts when the parent does or when the timeout passes. @internal */
export interface AttemptTimeout {
  readonly signal: AbortSignal;
  /** Whether the timeout (not the parent) aborted the signal. */
  timedOut(): boolean;
  /**
   * Resolves never; rejects with `onTimeout()` when the timeout passes, and with `onAbort()` (when
   * given) when the parent aborts: an attempt whose code ignores the signal still ends then.
   */
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
  onAbort?: () => Error,
): AttemptTimeout {
  // Made on first use of `signal`: an AbortController costs microseconds on Node 20, and most
  // handlers never look at the signal. Not `AbortSignal.any([parent, ...])` either: that costs far
  // more, and a long-lived parent (the worker's) keeps a growing list of dependants until GC.
  let controller: AbortController | undefined;
  let timeoutError: Error | undefined;
  let reject: (error: Error) => void = () => undefined;
  const expired = new Promise<never>((_, rejectExpired) => {
    reject = rejectExpired;
  });
  const forward = (): void => {
    controller?.abort(parent.reason);
    if (onAbort !== undefined) reject(onAbort());
  };
  const listening = onAbort !== undefined;
  if (listening) {
    if (parent.aborted) forward();
    else parent.addEventListener("abort", forward, { once: true });
  }
  // Nobody may be awaiting `expired` when it fires; the race that uses it handles the rejection.
  expired.catch(() => undefined);
  const handle = clock.setTimeout(() => {
    timeoutError = onTimeout();
    controller?.abort(timeoutError);
    reject(timeoutError);
  }, timeoutMs);
  return {
    get signal() {
      if (controller === undefined) {
        controller = new AbortController();
        if (timeoutError !== undefined) controller.abort(timeoutError);
        else if (parent.aborted) controller.abort(parent.reason);
        else if (!listening) parent.addEventListener("abort", forward, { once: true });
      }
      return controller.signal;
    },
    timedOut: () => timeoutError !== undefined,
    expired,
    dispose: () => {
      clock.clearTimeout(handle);
      if (listening || controller !== undefined) parent.removeEventListener("abort", forward);
    },
  };
}
