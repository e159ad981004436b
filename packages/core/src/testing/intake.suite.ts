import type { IntakeRequest } from "../intake/intake-store.ts";
import { processJob } from "../queue/jobs.ts";
import type { QueueCounts } from "../queue/queue.ts";
import { sweepUnqueued } from "../worker/sweep-unqueued.ts";
import {
  runConformance,
  type SuiteCase,
  type SuiteGroup,
  type SuiteTest,
} from "./conformance-harness.ts";
import { comparable, eventRecord, expectCode, probe } from "./conformance-fixtures.ts";
import type { TestAdapterOptions } from "./test-adapter.ts";
import type { TestApi } from "./test-api.ts";

const FINGERPRINT = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const OTHER_FINGERPRINT = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";
const EMPTY: QueueCounts = { waiting: 0, delayed: 0, active: 0 };
const NO_FAULTS = (options: TestAdapterOptions): string | undefined =>
  options.faults === undefined ? "no `faults` hooks given" : undefined;

/** The intake of event `id` under key `acme:<id>`; `overrides` win. */
function intake(t: SuiteTest, id: string, overrides: Partial<IntakeRequest> = {}): IntakeRequest {
  const fingerprint = overrides.fingerprint ?? FINGERPRINT;
  return {
    claimKey: `acme:${id}`,
    fingerprint,
    ttlMs: t.time.ttlMs,
    staleAfterMs: t.time.staleAfterMs,
    record: eventRecord(id, { fingerprint, receivedAt: t.time.now(), updatedAt: t.time.now() }),
    job: processJob(id),
    ...overrides,
  };
}

async function queued(t: SuiteTest): Promise<number> {
  const counts = await t.adapter.queue.counts();
  return counts.waiting + counts.delayed + counts.active;
}

/** Takes every queued job off the queue without running it: a job lost to a crash, as far as the record knows. */
async function loseJobs(t: SuiteTest): Promise<void> {
  const p = probe();
  const consumer = t.adapter.queue.consume(p.handler, { concurrency: 4 });
  await t.time.until("the jobs are taken", async () => (await queued(t)) === 0);
  await consumer.close();
}

const cases: readonly SuiteCase[] = [
  {
    name: "intake: a new key is accepted, its record stored and its job queued",
    async run(t) {
      const request = intake(t, "evt-1");
      t.expect(await t.adapter.intake.accept(request)).toEqual({ outcome: "accepted" });
      t.expect(comparable(await t.adapter.events.get("evt-1"))).toEqual(comparable(request.record));
      t.expect((await t.adapter.queue.counts()).waiting).toBe(1);
      const p = probe();
      t.adapter.queue.consume(p.handler, { concurrency: 1 });
      await t.time.until("the job is handed out", () => p.calls.length === 1);
      t.expect(p.calls).toEqual([processJob("evt-1")]);
    },
  },
  {
    name: "intake: of 50 concurrent intakes of one key exactly one is accepted and one job exists",
    async run(t) {
      const results = await Promise.all(
        Array.from({ length: 50 }, () => t.adapter.intake.accept(intake(t, "evt-1"))),
      );
      const accepted = results.filter((result) => result.outcome === "accepted");
      t.expect(accepted).toHaveLength(1);
      const others = new Set(results.filter((r) => r.outcome !== "accepted").map((r) => r.outcome));
      t.expect([...others].every((o) => ["duplicate", "requeued", "in_flight"].includes(o))).toBe(
        true,
      );
      t.expect(await queued(t)).toBe(1);
      t.expect((await t.adapter.events.list({ limit: 10 })).records).toHaveLength(1);
    },
  },
  {
    name: "intake: the same key and bytes again is a duplicate and adds no second record or job",
    async run(t) {
      await t.adapter.intake.accept(intake(t, "evt-1"));
      const again = await t.adapter.intake.accept(intake(t, "evt-1"));
      t.expect(["duplicate", "requeued"].includes(again.outcome)).toBe(true);
      t.expect(await queued(t)).toBe(1);
      await loseJobs(t);
      await t.adapter.events.setStatus("evt-1", "delivered", t.time.now());
      t.expect(await t.adapter.intake.accept(intake(t, "evt-1"))).toEqual({
        outcome: "duplicate",
      });
      t.expect(await queued(t)).toBe(0);
      t.expect((await t.adapter.events.list({ limit: 10 })).records).toHaveLength(1);
    },
  },
  {
    name: "intake: the same key with other bytes is a conflict and changes nothing",
    async run(t) {
      const first = intake(t, "evt-1");
      await t.adapter.intake.accept(first);
      const other = intake(t, "evt-1", { fingerprint: OTHER_FINGERPRINT });
      t.expect(await t.adapter.intake.accept(other)).toEqual({ outcome: "conflict" });
      t.expect(comparable(await t.adapter.events.get("evt-1"))).toEqual(comparable(first.record));
      t.expect(await queued(t)).toBe(1);
    },
  },
  {
    name: "intake: a record without a job is stored and nothing is queued",
    async run(t) {
      const { job: _job, ...request } = intake(t, "evt-1");
      const ignored = { ...request, record: { ...request.record, status: "ignored" as const } };
      t.expect(await t.adapter.intake.accept(ignored)).toEqual({ outcome: "accepted" });
      t.expect((await t.adapter.events.get("evt-1"))?.status).toBe("ignored");
      t.expect(await t.adapter.queue.counts()).toEqual(EMPTY);
    },
  },
  {
    name: "intake: a key forgotten while its record is kept is answered from the record",
    async run(t) {
      await t.adapter.intake.accept(intake(t, "evt-1"));
      await loseJobs(t);
      await t.adapter.events.setStatus("evt-1", "delivered", t.time.now());
      await t.time.pass(t.time.ttlMs + 1);
      t.expect(await t.adapter.intake.accept(intake(t, "evt-1"))).toEqual({
        outcome: "duplicate",
      });
      const other = intake(t, "evt-1", { fingerprint: OTHER_FINGERPRINT });
      t.expect(await t.adapter.intake.accept(other)).toEqual({ outcome: "conflict" });
      t.expect(await queued(t)).toBe(0);
    },
  },
  {
    name: "intake: a record still queued whose job was lost is queued again by the next intake",
    async run(t) {
      await t.adapter.intake.accept(intake(t, "evt-1"));
      await loseJobs(t);
      t.expect(await t.adapter.intake.accept(intake(t, "evt-1"))).toEqual({ outcome: "requeued" });
      t.expect(await queued(t)).toBe(1);
    },
  },
  {
    name: "intake: the sweep queues again a record still queued without its job",
    async run(t) {
      await t.adapter.intake.accept(intake(t, "evt-1"));
      await t.adapter.intake.accept(intake(t, "evt-2"));
      await loseJobs(t);
      await t.adapter.events.setStatus("evt-2", "delivered", t.time.now());
      const requeued = await sweepUnqueued(t.adapter, { olderThanMs: 0, now: t.time.now() });
      t.expect(requeued).toBe(1);
      const p = probe();
      t.adapter.queue.consume(p.handler, { concurrency: 1 });
      await t.time.until("the swept job is handed out", () => p.calls.length === 1);
      t.expect(p.calls).toEqual([processJob("evt-1")]);
    },
  },
  {
    name: "faults: with the backend broken, intake rejects with BACKEND_UNAVAILABLE and leaves nothing behind",
    unless: NO_FAULTS,
    async run(t) {
      await t.breakBackend();
      try {
        await expectCode(t, t.adapter.intake.accept(intake(t, "evt-1")), "BACKEND_UNAVAILABLE");
      } finally {
        await t.restoreBackend();
      }
      const left = await t.adapter.events.get("evt-1");
      const again = await t.adapter.intake.accept(intake(t, "evt-1"));
      if (left === undefined) {
        t.expect(again).toEqual({ outcome: "accepted" });
      } else {
        // Stored before the failure: the next intake of the same webhook queues its job.
        t.expect(["requeued", "duplicate"].includes(again.outcome)).toBe(true);
      }
      t.expect(await queued(t)).toBe(1);
    },
  },
];

/** @internal */
export const intakeGroup: SuiteGroup = { title: "intake", cases };

/**
 * The `IntakeStore` part of {@link testAdapter}: atomic acceptance under concurrency, duplicates,
 * conflicts, records answered after their key was forgotten, and the repair of a record whose job was
 * lost (by the next intake and by the sweep); with `faults`, nothing half-done after a failure.
 * @category Testing
 */
export function testIntake(vitest: TestApi, options: TestAdapterOptions): void {
  runConformance(vitest, options, [intakeGroup]);
}
