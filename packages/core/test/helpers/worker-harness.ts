import { createMemoryAdapter } from "@hookwise/adapter-memory";
import {
  createLifecycle,
  createTransformerRegistry,
  createWorker,
  silentLogger,
  type Adapter,
  type Destination,
  type HookwiseEventName,
  type HookwiseEvents,
  type Lifecycle,
  type Transformer,
  type Worker,
  type WorkerOptions,
} from "@hookwise/core";
import { createFakeClock, type FakeClock } from "@hookwise/core/testing";

const EVENT_NAMES: readonly HookwiseEventName[] = [
  "ignored",
  "transformed",
  "delivery.attempt",
  "delivery.succeeded",
  "delivery.failed",
  "dead-lettered",
  "replayed",
];

/** One lifecycle event as it was emitted. */
export type Emitted = {
  [K in HookwiseEventName]: { name: K; payload: HookwiseEvents[K] };
}[HookwiseEventName];

/** A started worker on a memory adapter with a fake clock, recording every lifecycle event. */
export interface WorkerHarness {
  readonly clock: FakeClock;
  readonly adapter: Adapter;
  readonly lifecycle: Lifecycle;
  readonly worker: Worker;
  readonly emitted: Emitted[];
  /** Payloads of one lifecycle event, in order. */
  payloads<K extends HookwiseEventName>(name: K): HookwiseEvents[K][];
  /**
   * Resolves with the first payload of `name` that no earlier `next(name)` returned, driving the
   * fake clock (without moving it) until it comes.
   */
  next<K extends HookwiseEventName>(name: K): Promise<HookwiseEvents[K]>;
}

export interface HarnessOptions extends Partial<
  Omit<WorkerOptions, "transformers" | "destinations">
> {
  readonly transformers: readonly Transformer[];
  readonly destinations: readonly Destination[];
  readonly clock?: FakeClock;
}

export function startWorker(options: HarnessOptions): WorkerHarness {
  const clock = options.clock ?? createFakeClock();
  const adapter = options.adapter ?? createMemoryAdapter({ clock, logger: silentLogger });
  const lifecycle = options.lifecycle ?? createLifecycle(silentLogger);
  const emitted: Emitted[] = [];
  for (const name of EVENT_NAMES) {
    lifecycle.on(name, (payload) => {
      emitted.push({ name, payload } as Emitted);
    });
  }
  const worker = createWorker({
    random: () => 0.5,
    logger: silentLogger,
    ...options,
    adapter,
    lifecycle,
    clock,
    transformers: createTransformerRegistry(options.transformers),
  });
  worker.start();
  const payloads = <K extends HookwiseEventName>(name: K): HookwiseEvents[K][] =>
    emitted
      .filter((event) => event.name === name)
      .map((event) => event.payload as HookwiseEvents[K]);
  const consumed = new Map<HookwiseEventName, number>();
  const next = async <K extends HookwiseEventName>(name: K): Promise<HookwiseEvents[K]> => {
    const seen = consumed.get(name) ?? 0;
    consumed.set(name, seen + 1);
    // Outbound fetches (msw) settle on real event-loop turns; time itself never moves here.
    for (let turn = 0; turn < 200; turn++) {
      const found = payloads(name)[seen];
      if (found !== undefined) return found;
      await clock.advance(0);
    }
    throw new Error(`No "${name}" lifecycle event came`);
  };
  return { clock, adapter, lifecycle, worker, emitted, payloads, next };
}
