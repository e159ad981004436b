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
    const handle = globalThis.setTimeout(callback, delayMs);
    (handle as { unref?: () => void }).unref?.();
    return handle;
  },
  clearTimeout(handle) {
    globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};
