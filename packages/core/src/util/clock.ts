/** Opaque timer handle returned by {@link Clock.setTimeout}. */
export type TimerHandle = { readonly __timer: unique symbol } | ReturnType<typeof setTimeout>;

/**
 * Time as hookwise sees it. Injected everywhere time matters (TTLs, tolerances, backoff) so tests can
 * use `createFakeClock()` from `@hookwise/core/testing` instead of sleeping.
 * @category Utilities
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Run `callback` after `delayMs`. */
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  /** Cancel a timer from {@link Clock.setTimeout}. */
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The real clock. Timers are `unref`'d where the runtime supports it, so a pending retry never keeps
 * a process alive on its own; `close()` is what waits for work.
 * @category Utilities
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, delayMs) {
    const handle = globalThis.setTimeout(callback, timerDelayMs(delayMs));
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

/** The longest delay a runtime timer takes (2^31 - 1 ms, about 24.8 days). @internal */
export const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * `delayMs` as a runtime timer can take it: runtimes fire a longer delay (or `Infinity`) at once,
 * with a warning, so a timeout meant as "practically never" would fire first. Longer delays wait
 * the longest a timer can.
 * @internal
 */
export function timerDelayMs(delayMs: number): number {
  return delayMs > MAX_TIMER_DELAY_MS ? MAX_TIMER_DELAY_MS : delayMs;
}
