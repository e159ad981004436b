import {
  runConformance,
  type SuiteCase,
  type SuiteGroup,
  type SuiteTest,
} from "./conformance-harness.ts";
import { comparable, eventRecord, expectCode, probe, processJob } from "./conformance-fixtures.ts";
import type { TestAdapterOptions } from "./test-adapter.ts";
import type { TestApi } from "./test-api.ts";

const CLAIM = { ttlMs: 60_000, staleAfterMs: 30_000 } as const;
const NO_FAULTS = (options: TestAdapterOptions): string | undefined =>
  options.faults === undefined ? "no `faults` hooks given" : undefined;

async function whileBroken(t: SuiteTest, attempt: () => Promise<unknown>): Promise<void> {
  await t.breakBackend();
  try {
    await expectCode(t, attempt(), "BACKEND_UNAVAILABLE");
  } finally {
    await t.restoreBackend();
  }
}

/** Break the backend, try every write, restore it. */
async function failEverything(t: SuiteTest): Promise<void> {
  await t.breakBackend();
  await Promise.allSettled([
    t.adapter.idempotency.claim("acme:evt_1", "fp", CLAIM),
    t.adapter.events.insert(eventRecord("evt-1")),
    t.adapter.queue.enqueue(processJob(1)),
  ]);
  await t.restoreBackend();
}

const cases: readonly SuiteCase[] = [
  {
    name: "adapter: has a name and declares its capabilities",
    run(t) {
      const { name, capabilities } = t.adapter;
      t.expect(typeof name === "string" && name.length > 0).toBe(true);
      t.expect([typeof capabilities.durable, typeof capabilities.sharedAcrossProcesses]).toEqual([
        "boolean",
        "boolean",
      ]);
    },
  },
  {
    name: "adapter: close waits for running handlers, closes the queue and is idempotent",
    async run(t) {
      const p = probe(undefined, true);
      await t.adapter.queue.enqueue(processJob(1));
      t.adapter.queue.consume(p.handler, { concurrency: 1 });
      await t.time.until("the handler runs", () => p.held === 1);
      const closing = Promise.all([t.adapter.close(), t.adapter.close()]).then(() => p.active);
      await t.time.flush();
      p.release();
      t.expect(await closing).toBe(0);
      await t.adapter.close();
      await expectCode(t, t.adapter.queue.enqueue(processJob(2)), "CLOSED");
    },
  },
  {
    name: "adapter: adapters over different namespaces share no state",
    async run(t) {
      const other = await t.createAdapter(`${t.namespace}other:`);
      t.expect((await t.adapter.idempotency.claim("acme:evt_1", "fp", CLAIM)).outcome).toBe("new");
      t.expect((await other.idempotency.claim("acme:evt_1", "fp", CLAIM)).outcome).toBe("new");
      await t.adapter.events.insert(eventRecord("evt-1"));
      t.expect(await other.events.get("evt-1")).toBeUndefined();
      t.expect(await other.events.list({ limit: 10 })).toEqual({ records: [] });
      await t.adapter.queue.enqueue(processJob(1));
      t.expect(await other.queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0 });
    },
  },
  {
    name: "adapter: adapters over the same namespace share state when sharedAcrossProcesses",
    async run(t) {
      if (!t.adapter.capabilities.sharedAcrossProcesses)
        return t.skip("the adapter is not shared across processes");
      const other = await t.createAdapter();
      t.expect((await t.adapter.idempotency.claim("acme:evt_1", "fp", CLAIM)).outcome).toBe("new");
      t.expect((await other.idempotency.claim("acme:evt_1", "fp", CLAIM)).outcome).toBe(
        "in_flight",
      );
      const record = eventRecord("evt-1");
      await t.adapter.events.insert(record);
      t.expect(comparable(await other.events.get("evt-1"))).toEqual(comparable(record));
      await t.adapter.queue.enqueue(processJob(1));
      t.expect((await other.queue.counts()).waiting).toBe(1);
    },
  },
  {
    name: "faults: with the backend broken, claim rejects with BACKEND_UNAVAILABLE",
    unless: NO_FAULTS,
    run: (t) => whileBroken(t, () => t.adapter.idempotency.claim("acme:evt_1", "fp", CLAIM)),
  },
  {
    name: "faults: with the backend broken, insert rejects with BACKEND_UNAVAILABLE",
    unless: NO_FAULTS,
    run: (t) => whileBroken(t, () => t.adapter.events.insert(eventRecord("evt-1"))),
  },
  {
    name: "faults: with the backend broken, enqueue rejects with BACKEND_UNAVAILABLE",
    unless: NO_FAULTS,
    run: (t) => whileBroken(t, () => t.adapter.queue.enqueue(processJob(1))),
  },
  {
    name: "faults: nothing attempted while the backend was broken is stored",
    unless: NO_FAULTS,
    async run(t) {
      await failEverything(t);
      t.expect((await t.adapter.idempotency.claim("acme:evt_1", "fp", CLAIM)).outcome).toBe("new");
      t.expect(await t.adapter.events.get("evt-1")).toBeUndefined();
      t.expect(await t.adapter.queue.counts()).toEqual({ waiting: 0, delayed: 0, active: 0 });
    },
  },
  {
    name: "faults: after restoreBackend, claim, insert and enqueue work again",
    unless: NO_FAULTS,
    async run(t) {
      await failEverything(t);
      t.expect((await t.adapter.idempotency.claim("acme:evt_1", "fp", CLAIM)).outcome).toBe("new");
      const record = eventRecord("evt-1");
      await t.adapter.events.insert(record);
      t.expect(comparable(await t.adapter.events.get("evt-1"))).toEqual(comparable(record));
      await t.adapter.queue.enqueue(processJob(1));
      t.expect((await t.adapter.queue.counts()).waiting).toBe(1);
    },
  },
];

/** @internal */
export const adapterInvariantGroup: SuiteGroup = { title: "adapter", cases };

/**
 * The adapter-level part of {@link testAdapter}: name and capabilities, `close()` (drains, closes the
 * queue, idempotent), namespace isolation and sharing, and, with `faults`, `BACKEND_UNAVAILABLE` on
 * every write while the backend is down with nothing half-stored afterwards.
 * @category Testing
 */
export function testAdapterInvariants(vitest: TestApi, options: TestAdapterOptions): void {
  runConformance(vitest, options, [adapterInvariantGroup]);
}
