import type { Clock, TimerHandle } from "../util/clock.ts";

/** A {@link Clock} that only moves when told to. */
export interface FakeClock extends Clock {
  /**
   * Move time forward by `ms`, firing every timer that falls due, in order, and letting promise
   * callbacks run between timers (so work a timer starts can schedule further timers).
   */
  advance(ms: number): Promise<void>;
  /** Advance until no timer is pending (bounded by `maxMs`, default one day). */
  runAll(maxMs?: number): Promise<void>;
  /** Number of timers not yet fired. */
  pendingTimers(): number;
  /** Delays (ms) of timers as they were scheduled, oldest first: handy for asserting backoff. */
  readonly scheduledDelays: number[];
}

interface Timer {
  readonly id: number;
  readonly dueAt: number;
  readonly callback: () => void;
}

/**
 * A fake clock for tests: inject it as `clock` and call `advance(ms)` instead of sleeping.
 * @example
 * const clock = createFakeClock();
 * const adapter = createMemoryAdapter({ clock });
 * await clock.advance(1_000);
 * @category Testing
 */
export function createFakeClock(startMs: number = Date.UTC(2026, 0, 1)): FakeClock {
  let now = startMs;
  let nextId = 1;
  const timers = new Map<number, Timer>();
  const scheduledDelays: number[] = [];

  const nextDue = (limit: number): Timer | undefined => {
    let best: Timer | undefined;
    for (const timer of timers.values()) {
      if (timer.dueAt > limit) continue;
      if (
        best === undefined ||
        timer.dueAt < best.dueAt ||
        (timer.dueAt === best.dueAt && timer.id < best.id)
      ) {
        best = timer;
      }
    }
    return best;
  };

  /** Fires the timers due by `limit` in order, time moving to each; promise callbacks run between. */
  const fireDueBy = async (limit: number): Promise<void> => {
    await flushMicrotasks();
    for (let timer = nextDue(limit); timer !== undefined; timer = nextDue(limit)) {
      timers.delete(timer.id);
      now = Math.max(now, timer.dueAt);
      timer.callback();
      await flushMicrotasks();
    }
  };

  const clock: FakeClock = {
    now: () => now,
    setTimeout(callback, delayMs) {
      const id = nextId++;
      const delay = Math.max(0, delayMs);
      scheduledDelays.push(delay);
      timers.set(id, { id, dueAt: now + delay, callback });
      return id as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      timers.delete(handle as unknown as number);
    },
    async advance(ms) {
      const target = now + ms;
      await fireDueBy(target);
      now = target;
      await flushMicrotasks();
    },
    runAll: (maxMs = 86_400_000) => fireDueBy(now + maxMs),
    pendingTimers: () => timers.size,
    scheduledDelays,
  };
  return clock;
}

/** Let queued promise callbacks (and the ones they queue) run; a macrotask boundary drains them all. */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
