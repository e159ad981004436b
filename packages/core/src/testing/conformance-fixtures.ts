import type { AttemptRecord, DeliveryRecord, EventRecord } from "../events/event-record.ts";
import type { JobHandler, JobOutcome, QueueJob } from "../queue/queue.ts";
import type { SuiteTest } from "./conformance-harness.ts";

/** An event record with every field set; `overrides` win. @internal */
export function eventRecord(id: string, overrides: Partial<EventRecord> = {}): EventRecord {
  return {
    id,
    source: "acme",
    type: "order.completed",
    idempotencyKey: `key-${id}`,
    fingerprint: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    receivedAt: 1_767_225_600_000,
    occurredAt: 1_767_225_599_000,
    updatedAt: 1_767_225_600_000,
    status: "queued",
    headers: { "content-type": "application/json", "webhook-id": `msg_${id}` },
    body: new TextEncoder().encode(`{"id":"${id}","total":42}`),
    deliveries: [],
    ...overrides,
  };
}

/** A pending delivery with no attempts. @internal */
export function delivery(id: string, overrides: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id,
    destination: `dest-${id}`,
    transformer: "order-to-partner@1",
    status: "pending",
    output: { orderId: id, lines: [{ sku: "A-1", quantity: 2 }], note: null },
    attempts: [],
    ...overrides,
  };
}

/** Attempt number `attempt`, failed unless `ok`. @internal */
export function attemptRecord(attempt: number, ok = false): AttemptRecord {
  const startedAt = 1_767_225_600_000 + attempt * 1_000;
  return ok
    ? { attempt, startedAt, finishedAt: startedAt + 12, ok, responseStatus: 200 }
    : {
        attempt,
        startedAt,
        finishedAt: startedAt + 30,
        ok,
        responseStatus: 503,
        nextAttemptInMs: 2_000 * attempt,
        error: { code: "DELIVERY_FAILED", message: "Destination answered 503." },
      };
}

/** A deep copy with the body as a plain number array, so records compare with `toEqual`. @internal */
export function comparable(record: EventRecord | undefined): unknown {
  if (record === undefined) return undefined;
  const { body, ...rest } = record;
  return { ...structuredClone(rest), body: Array.from(body) };
}

/** A "process" job. @internal */
export function processJob(n: number | string): QueueJob {
  return { kind: "process", id: `job-${n}`, eventId: `evt-${n}` };
}

/** Expect `promise` to reject with a hookwise error of `code` (by code, not `instanceof`). @internal */
export async function expectCode(
  t: SuiteTest,
  promise: Promise<unknown>,
  code: string,
): Promise<void> {
  let outcome: { rejected: boolean; code?: unknown } = { rejected: false };
  try {
    await promise;
  } catch (error) {
    outcome = { rejected: true, code: (error as { code?: unknown } | null)?.code };
  }
  t.expect(outcome).toEqual({ rejected: true, code });
}

/**
 * A job handler that records what it gets, how many run at once, and can hold jobs until released.
 * @internal
 */
export interface Probe {
  readonly handler: JobHandler;
  readonly calls: QueueJob[];
  /** The `attempt` the queue passed with each call, in call order. */
  readonly attempts: number[];
  /** The `stalls` the queue passed with each call, in call order. */
  readonly stalls: (number | undefined)[];
  /** Handlers running now, and the most that ever ran at once. */
  readonly active: number;
  readonly maxActive: number;
  /** Handlers waiting for {@link Probe.release}. */
  readonly held: number;
  /** Let every held handler finish. */
  release(): void;
}

/** Probes whose held handlers must be let go before the adapter closes (or close would wait forever). */
const openProbes = new Set<() => void>();

/** Let every probe's handlers finish and stop holding new ones; the harness calls it after each test. @internal */
export function releaseProbes(): void {
  for (const stop of openProbes) stop();
  openProbes.clear();
}

/**
 * `decide(job, call)` picks each outcome (call counts from 1 per job id); a throw is a failing
 * handler. With `hold`, each handler waits for `release()` before deciding.
 * @internal
 */
export function probe(
  decide: (job: QueueJob, call: number) => JobOutcome = () => ({ type: "ack" }),
  hold = false,
): Probe {
  const calls: QueueJob[] = [];
  const attempts: number[] = [];
  const stalls: (number | undefined)[] = [];
  const waiting: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  let holding = hold;
  const release = (): void => waiting.splice(0).forEach((resolve) => resolve());
  openProbes.add(() => {
    holding = false;
    release();
  });
  const handler: JobHandler = async (job, context) => {
    calls.push(job);
    attempts.push(context.attempt);
    stalls.push(context.stalls);
    active++;
    maxActive = Math.max(maxActive, active);
    try {
      if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
      return decide(job, calls.filter((call) => call.id === job.id).length);
    } finally {
      active--;
    }
  };
  return {
    handler,
    calls,
    attempts,
    stalls,
    get active() {
      return active;
    },
    get maxActive() {
      return maxActive;
    },
    get held() {
      return waiting.length;
    },
    release,
  };
}
