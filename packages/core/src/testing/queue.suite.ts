import type { JobOutcome, Queue, QueueCounts, QueueJob } from "../queue/queue.ts";
import {
  runConformance,
  type SuiteCase,
  type SuiteGroup,
  type SuiteTest,
} from "./conformance-harness.ts";
import { expectCode, probe, processJob, type Probe } from "./conformance-fixtures.ts";
import { queueCloseCases } from "./queue-close.suite.ts";
import type { TestAdapterOptions } from "./test-adapter.ts";
import type { TestApi } from "./test-api.ts";

const ACK: JobOutcome = { type: "ack" };

/** Fake time: how far to move between checks while waiting for a redelivery. */
const REDELIVERY_STEP_MS = 1_000;

function start(t: SuiteTest, p: Probe, concurrency = 1, queue: Queue = t.adapter.queue): void {
  queue.consume(p.handler, { concurrency });
}

async function countsAre(queue: Queue, expected: QueueCounts): Promise<boolean> {
  const counts = await queue.counts();
  return (
    counts.waiting === expected.waiting &&
    counts.delayed === expected.delayed &&
    counts.active === expected.active
  );
}

const EMPTY: QueueCounts = { waiting: 0, delayed: 0, active: 0 };

function ids(jobs: readonly QueueJob[]): string[] {
  return jobs.map((job) => job.id).sort();
}

const cases: readonly SuiteCase[] = [
  {
    name: "queue: enqueue resolves and counts the job as waiting or delayed",
    async run(t) {
      await t.adapter.queue.enqueue(processJob(1));
      await t.adapter.queue.enqueue(processJob(2), { delayMs: t.time.delayMs });
      t.expect(await t.adapter.queue.counts()).toEqual({ waiting: 1, delayed: 1, active: 0 });
    },
  },
  {
    name: "queue: the consumer receives each job as enqueued, and ack removes it",
    async run(t) {
      const p = probe();
      const jobs: QueueJob[] = [
        processJob(1),
        { kind: "deliver", id: "job-d", eventId: "evt-1", deliveryId: "d-1" },
      ];
      for (const job of jobs) await t.adapter.queue.enqueue(job);
      start(t, p);
      await t.time.until(
        "both jobs are handled",
        async () => p.calls.length === 2 && (await countsAre(t.adapter.queue, EMPTY)),
      );
      t.expect([...p.calls].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
        jobs.sort((a, b) => a.id.localeCompare(b.id)),
      );
      await t.time.pass(t.time.delayMs);
      t.expect(p.calls).toHaveLength(2);
    },
  },
  {
    name: "queue: no job is handed out before its delay",
    async run(t) {
      const p = probe();
      start(t, p);
      const since = t.time.now();
      await t.adapter.queue.enqueue(processJob(1), { delayMs: t.time.delayMs });
      await t.time.around(
        since,
        t.time.delayMs,
        "the delayed job is handed out",
        () => t.expect(p.calls).toHaveLength(0),
        () => p.calls.length === 1,
      );
    },
  },
  {
    name: "queue: never runs more than concurrency handlers at once",
    async run(t) {
      const total = 12;
      const p = probe(undefined, true);
      for (let i = 0; i < total; i++) await t.adapter.queue.enqueue(processJob(i));
      start(t, p, 3);
      for (let finished = 0; finished < total;) {
        const expected = Math.min(3, total - finished);
        await t.time.until(`${expected} handlers run at once`, () => p.held === expected);
        await t.time.flush();
        t.expect(p.active).toBe(expected);
        finished += p.held;
        p.release();
        await t.time.until(
          "released handlers finish",
          () => p.calls.length - p.active === finished,
        );
      }
      t.expect(p.maxActive).toBe(3);
      t.expect(new Set(ids(p.calls)).size).toBe(total);
    },
  },
  {
    name: "queue: a job answered retry is handed out again after its delay",
    async run(t) {
      let retriedAt = 0;
      const p = probe((_, call) => {
        if (call > 1) return ACK;
        retriedAt = t.time.now();
        return { type: "retry", delayMs: t.time.delayMs };
      });
      start(t, p);
      await t.adapter.queue.enqueue(processJob(1));
      await t.time.until("the job is handled", () => p.calls.length === 1);
      await t.time.around(
        retriedAt,
        t.time.delayMs,
        "the retried job is handed out again",
        () => t.expect(p.calls).toHaveLength(1),
        () => p.calls.length === 2,
      );
      await t.time.until("the job is acked", () => countsAre(t.adapter.queue, EMPTY));
    },
  },
  {
    name: "queue: a job whose handler rejects is handed out again",
    async run(t) {
      const p = probe((_, call) => {
        if (call === 1) throw new Error("Handler failed.");
        return ACK;
      });
      start(t, p);
      await t.adapter.queue.enqueue(processJob(1));
      await t.time.until(
        "the job is handed out again",
        () => p.calls.length === 2,
        REDELIVERY_STEP_MS,
      );
      t.expect(p.calls).toEqual([processJob(1), processJob(1)]);
      await t.time.until("the job is acked", () => countsAre(t.adapter.queue, EMPTY));
    },
  },
  {
    name: "queue: a job whose handler throws synchronously is handed out again",
    async run(t) {
      let calls = 0;
      t.adapter.queue.consume(
        () => {
          if (++calls === 1) throw new Error("Handler failed before returning a promise.");
          return Promise.resolve(ACK);
        },
        { concurrency: 1 },
      );
      await t.adapter.queue.enqueue(processJob(1));
      await t.time.until("the job is handed out again", () => calls === 2, REDELIVERY_STEP_MS);
      await t.time.until("the job is acked", () => countsAre(t.adapter.queue, EMPTY));
    },
  },
  {
    name: "queue: a job id already waiting or delayed is not added twice",
    async run(t) {
      const queue = t.adapter.queue;
      await queue.enqueue(processJob(1));
      await queue.enqueue(processJob(1));
      await queue.enqueue(processJob(2), { delayMs: t.time.delayMs });
      await queue.enqueue(processJob(2), { delayMs: t.time.delayMs });
      await queue.enqueue(processJob(2));
      t.expect(await queue.counts()).toEqual({ waiting: 1, delayed: 1, active: 0 });
      const p = probe();
      start(t, p);
      await t.time.until("both jobs are handled", () => p.calls.length === 2, REDELIVERY_STEP_MS);
      await t.time.pass(t.time.delayMs * 2);
      t.expect(ids(p.calls)).toEqual(["job-1", "job-2"]);
    },
  },
  {
    name: "queue: counts reports waiting, delayed and active jobs",
    async run(t) {
      const p = probe(undefined, true);
      for (let i = 1; i <= 3; i++) await t.adapter.queue.enqueue(processJob(i));
      await t.adapter.queue.enqueue(processJob(4), { delayMs: t.time.delayMs });
      start(t, p, 2);
      await t.time.until("two handlers run", () => p.held === 2);
      t.expect(await t.adapter.queue.counts()).toEqual({ waiting: 1, delayed: 1, active: 2 });
      const done = async (): Promise<boolean> => {
        p.release();
        return p.calls.length === 4 && (await countsAre(t.adapter.queue, EMPTY));
      };
      await t.time.until("every job is handled", done, REDELIVERY_STEP_MS);
    },
  },
  {
    name: "queue: the handler sees the attempt count, kept across retry and redelivery",
    async run(t) {
      const p = probe((_, call) => {
        if (call === 1) return { type: "retry", delayMs: t.time.delayMs };
        if (call === 2) throw new Error("Handler failed.");
        return ACK;
      });
      start(t, p);
      await t.adapter.queue.enqueue(processJob(1));
      await t.time.until(
        "the job is handed out three times",
        () => p.calls.length === 3,
        REDELIVERY_STEP_MS,
      );
      t.expect(p.attempts).toEqual([1, 2, 3]);
      // A retry and a throw are hand-outs, not stalls (no worker died).
      t.expect(p.stalls.map((stalls) => stalls ?? 0)).toEqual([0, 0, 0]);
      await t.time.until("the job is acked", () => countsAre(t.adapter.queue, EMPTY));
      await t.adapter.queue.enqueue(processJob(1));
      await t.time.until("the job enqueued anew is handled", () => p.calls.length === 4);
      t.expect(p.attempts[3]).toBe(1);
    },
  },
  {
    name: "queue: a job id that is running is not added again",
    async run(t) {
      const p = probe(undefined, true);
      start(t, p);
      await t.adapter.queue.enqueue(processJob(1));
      await t.time.until("the handler runs", () => p.held === 1);
      await t.adapter.queue.enqueue(processJob(1));
      t.expect(await t.adapter.queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 1 });
      p.release();
      await t.time.until("the job is acked", () => countsAre(t.adapter.queue, EMPTY));
      await t.time.pass(t.time.delayMs);
      t.expect(p.calls).toHaveLength(1);
    },
  },
  {
    name: "queue: closing a consumer waits for its handlers and leaves the queue open",
    async run(t) {
      const p = probe(undefined, true);
      await t.adapter.queue.enqueue(processJob(1));
      const consumer = t.adapter.queue.consume(p.handler, { concurrency: 1 });
      await t.time.until("the handler runs", () => p.held === 1);
      let closed = false;
      const closing = consumer.close().then(() => (closed = true));
      await t.time.flush();
      t.expect(closed).toBe(false);
      p.release();
      await closing;
      t.expect(p.active).toBe(0);
      await t.adapter.queue.enqueue(processJob(2));
      await t.time.pass(t.time.delayMs);
      t.expect(p.calls).toHaveLength(1);
      t.expect((await t.adapter.queue.counts()).waiting).toBe(1);
    },
  },
  ...queueCloseCases,
  {
    name: "queue: enqueue after close rejects with CLOSED",
    async run(t) {
      await t.adapter.queue.close();
      await expectCode(t, t.adapter.queue.enqueue(processJob(1)), "CLOSED");
    },
  },
];

/** @internal */
export const queueGroup: SuiteGroup = { title: "queue", cases };

/**
 * The `Queue` part of {@link testAdapter}: delays, the concurrency limit (measured), retry and
 * redelivery, de-duplication by job id, counts, close, and (when durable) redelivery after a crash.
 * @category Testing
 */
export function testQueue(vitest: TestApi, options: TestAdapterOptions): void {
  runConformance(vitest, options, [queueGroup]);
}
