import type { FakeClock } from "./fake-clock.ts";

/**
 * Time as the conformance cases see it, the same in both modes: with a fake clock it moves only when
 * told (exact boundaries); with real time it waits and polls, bounded, with short durations.
 * @internal
 */
export interface SuiteTime {
  /** `ttlMs` for claims. */
  readonly ttlMs: number;
  /** `staleAfterMs` for claims. */
  readonly staleAfterMs: number;
  /** Delay for delayed and retried jobs. */
  readonly delayMs: number;
  now(): number;
  /** Let `ms` pass. */
  pass(ms: number): Promise<void>;
  /** Let pending work run (fake: without moving time). */
  flush(): Promise<void>;
  /** Wait until `check` holds; fake time advances `stepMs` between checks. Throws when it never does. */
  until(what: string, check: () => boolean | Promise<boolean>, stepMs?: number): Promise<void>;
  /**
   * `before` must hold just short of `ms` after `since`, and `after` once `ms` have passed. Real time
   * cannot stop just short, so there `before` runs only while far from the boundary, and `after` must
   * not come true before `ms` have passed.
   */
  around(
    since: number,
    ms: number,
    what: string,
    before: () => Promise<void> | void,
    after: () => Promise<boolean> | boolean,
  ): Promise<void>;
}

const FAKE = { ttlMs: 60_000, staleAfterMs: 30_000, delayMs: 10_000 } as const;
const REAL = { ttlMs: 400, staleAfterMs: 400, delayMs: 400 } as const;
/** Fake time: checks before giving up. */
const FAKE_MAX_STEPS = 1_000;
/** Real time: how long to poll before giving up, and how often. */
const REAL_MAX_WAIT_MS = 15_000;
const REAL_POLL_MS = 10;
/** Real time: a backend's clock may round a little; a change earlier than this is a real bug. */
const REAL_SLACK_MS = 20;

/** @internal */
export function createSuiteTime(clock: FakeClock | undefined): SuiteTime {
  return clock === undefined ? realTime() : fakeTime(clock);
}

function fakeTime(clock: FakeClock): SuiteTime {
  const time: SuiteTime = {
    ...FAKE,
    now: () => clock.now(),
    pass: (ms) => clock.advance(ms),
    flush: () => clock.advance(0),
    async until(what, check, stepMs = 0) {
      for (let step = 0; step < FAKE_MAX_STEPS; step++) {
        if (await check()) return;
        await clock.advance(stepMs);
      }
      throw new Error(
        `Timed out waiting until ${what} (fake time advanced ${FAKE_MAX_STEPS * stepMs} ms).`,
      );
    },
    async around(since, ms, what, before, after) {
      await clock.advance(since + ms - 1 - clock.now());
      await before();
      await clock.advance(2);
      await time.until(what, after);
    },
  };
  return time;
}

function realTime(): SuiteTime {
  const time: SuiteTime = {
    ...REAL,
    now: () => Date.now(),
    pass: (ms) => sleep(ms),
    flush: () => sleep(REAL_POLL_MS * 3),
    async until(what, check) {
      const deadline = Date.now() + REAL_MAX_WAIT_MS;
      while (!(await check())) {
        if (Date.now() > deadline)
          throw new Error(`Timed out waiting until ${what} (${REAL_MAX_WAIT_MS} ms).`);
        await sleep(REAL_POLL_MS);
      }
    },
    async around(since, ms, what, before, after) {
      if (Date.now() - since < ms / 2) await before();
      await time.until(what, after);
      const elapsed = Date.now() - since;
      if (elapsed < ms - REAL_SLACK_MS) {
        throw new Error(
          `Expected ${what} only after ${ms} ms, but it happened after ${elapsed} ms.`,
        );
      }
    },
  };
  return time;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => globalThis.setTimeout(resolve, ms));
}
