import type { Adapter } from "../adapter.ts";
import { runConformance } from "./conformance-harness.ts";
import { adapterInvariantGroup } from "./adapter-invariants.suite.ts";
import { endpointStoreGroup } from "./endpoint-store.suite.ts";
import { eventStoreGroup } from "./event-store.suite.ts";
import type { FakeClock } from "./fake-clock.ts";
import { idempotencyStoreGroup } from "./idempotency-store.suite.ts";
import { intakeGroup } from "./intake.suite.ts";
import { queueGroup } from "./queue.suite.ts";
import type { TestApi } from "./test-api.ts";

/**
 * What `create` receives for each test: the fake clock to inject (time `"fake"`) and a key namespace
 * unique to the test (`hookwise-test:<pid>:<random>:`), so tests never see each other's data.
 * @category Testing
 */
export interface AdapterFactoryContext {
  /** Inject this as the adapter's clock; `undefined` when `time` is `"real"`. */
  readonly clock: FakeClock | undefined;
  /** Prefix every key with this; two adapters created with the same namespace share their data. */
  readonly namespace: string;
}

/**
 * Tests that do not apply to an adapter. A reason is mandatory, so a skip never goes unexplained.
 * @category Testing
 */
export interface TestAdapterSkip {
  /** Why these tests do not apply (shown next to the skipped test). */
  readonly reason: string;
  /** Test names exactly as the suite names them. */
  readonly tests: readonly string[];
}

/**
 * Hooks that break and repair the adapter's backend (stop a Redis proxy, say), so the suite can check
 * that failures reject with `BACKEND_UNAVAILABLE` and that nothing half-done is left behind.
 * @category Testing
 */
export interface TestAdapterFaults {
  /** Make every following backend call fail. */
  breakBackend(): Promise<void>;
  /** Undo {@link TestAdapterFaults.breakBackend}. */
  restoreBackend(): Promise<void>;
}

/**
 * The adapter of the running test, for {@link TestAdapterOptions.extraTests}. Read it inside a test
 * body only: it is created before each test and closed after it.
 * @category Testing
 */
export interface TestAdapterContext {
  readonly adapter: Adapter;
  readonly clock: FakeClock | undefined;
  readonly namespace: string;
}

/**
 * Options of {@link testAdapter} and of each sub-suite.
 * @category Testing
 */
export interface TestAdapterOptions {
  /** Adapter name used in test titles, e.g. `memory`. */
  readonly name: string;
  /** A fresh adapter per test (the suite closes it after the test). */
  create(context: AdapterFactoryContext): Adapter | Promise<Adapter>;
  /**
   * `"fake"`: the adapter takes the injected `clock` and the suite moves time itself. `"real"`: the
   * adapter uses real time; the suite uses short TTLs and delays and polls (bounded) for changes.
   */
  readonly time: "fake" | "real";
  /** Break and restore the backend; the `faults:` tests run only when given. */
  readonly faults?: TestAdapterFaults;
  /**
   * Stop an adapter the way a crashed process stops: no draining, no ack, its locks left to expire.
   * Needed by the durable test, which runs only when `capabilities.durable` is true.
   */
  kill?(adapter: Adapter): Promise<void>;
  /** Tests that do not apply, each group with its reason. Prefer capability flags to skips. */
  readonly skip?: readonly TestAdapterSkip[];
  /** Register adapter-specific tests; they share the suite's per-test adapter through `context`. */
  readonly extraTests?: (context: TestAdapterContext) => void;
}

/**
 * The adapter conformance suite: every adapter runs it in its own tests to prove it keeps the
 * contracts of {@link Adapter}, `IntakeStore`, `IdempotencyStore`, `EventStore`, `Queue` and
 * `EndpointStore`. Made of {@link testIntake}, {@link testIdempotencyStore}, {@link testEventStore},
 * {@link testQueue}, {@link testEndpointStore} and {@link testAdapterInvariants}, which also run alone
 * with the same arguments. An adapter without `endpoints` lists the `endpoints:` tests in `skip`.
 *
 * Throws `ConfigurationError` at once when an option is wrong or a skip names an unknown test.
 * @example
 * import * as vitest from "vitest";
 * import { createMemoryAdapter } from "@hookwise/adapter-memory";
 * import { testAdapter } from "@hookwise/core/testing";
 *
 * testAdapter(vitest, { name: "memory", time: "fake", create: ({ clock }) => createMemoryAdapter({ clock }) });
 * @category Testing
 */
export function testAdapter(vitest: TestApi, options: TestAdapterOptions): void {
  runConformance(
    vitest,
    options,
    [
      intakeGroup,
      idempotencyStoreGroup,
      eventStoreGroup,
      queueGroup,
      endpointStoreGroup,
      adapterInvariantGroup,
    ],
    { checkSkipNames: true, extraTests: options.extraTests },
  );
}
