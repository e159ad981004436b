import type { SuiteCase } from "./conformance-harness.ts";
import { probe, processJob } from "./conformance-fixtures.ts";

/** Fake time: how far to move between checks while waiting for another instance to pick a job up. */
const PICKUP_STEP_MS = 1_000;

/** The close and durability part of the queue suite. @internal */
export const queueCloseCases: readonly SuiteCase[] = [
  {
    name: "queue: close waits for running handlers, then resolves",
    async run(t) {
      const p = probe(undefined, true);
      await t.adapter.queue.enqueue(processJob(1));
      t.adapter.queue.consume(p.handler, { concurrency: 1 });
      await t.time.until("the handler runs", () => p.held === 1);
      let resolved = false;
      const closing = t.adapter.queue.close().then(() => {
        resolved = true;
        return p.active;
      });
      await t.time.flush();
      t.expect(resolved).toBe(false);
      p.release();
      t.expect(await closing).toBe(0);
    },
  },
  {
    name: "queue: close stops handing out jobs",
    async run(t) {
      const p = probe(undefined, true);
      await t.adapter.queue.enqueue(processJob(1));
      await t.adapter.queue.enqueue(processJob(2));
      t.adapter.queue.consume(p.handler, { concurrency: 1 });
      await t.time.until("the first handler runs", () => p.held === 1);
      const closing = t.adapter.queue.close();
      p.release();
      await closing;
      await t.time.pass(t.time.delayMs);
      t.expect(p.calls).toHaveLength(1);
    },
  },
  {
    name: "queue: close is idempotent",
    async run(t) {
      t.adapter.queue.consume(probe().handler, { concurrency: 1 });
      const results = await Promise.allSettled([t.adapter.queue.close(), t.adapter.queue.close()]);
      results.push(...(await Promise.allSettled([t.adapter.queue.close()])));
      t.expect(results.map((result) => result.status)).toEqual([
        "fulfilled",
        "fulfilled",
        "fulfilled",
      ]);
    },
  },
  {
    name: "queue: durable: a job held by a consumer that died is handed out by another instance",
    async run(t) {
      if (!t.adapter.capabilities.durable) return t.skip("the adapter is not durable");
      const dying = probe(undefined, true);
      try {
        await t.adapter.queue.enqueue(processJob(1));
        t.adapter.queue.consume(dying.handler, { concurrency: 1 });
        await t.time.until("the first consumer holds the job", () => dying.held === 1);
        await t.kill(t.adapter);
        const survivor = probe();
        (await t.createAdapter()).queue.consume(survivor.handler, { concurrency: 1 });
        await t.time.until(
          "another instance picks the job up",
          () => survivor.calls.length === 1,
          PICKUP_STEP_MS,
        );
        t.expect(survivor.calls).toEqual([processJob(1)]);
        t.expect(survivor.stalls).toEqual([1]);
      } finally {
        dying.release();
      }
    },
  },
];
