import type { Adapter } from "../adapter.ts";
import { ConfigurationError } from "../errors.ts";
import { releaseProbes } from "./conformance-fixtures.ts";
import { createFakeClock, type FakeClock } from "./fake-clock.ts";
import { createSuiteTime, type SuiteTime } from "./suite-time.ts";
import type { TestAdapterContext, TestAdapterOptions } from "./test-adapter.ts";
import type { TestApi, TestApiAssertion, TestRunContext } from "./test-api.ts";

/**
 * What a conformance case works with: a fresh adapter, the means to move time, and `expect`.
 * @internal
 */
export interface SuiteTest {
  readonly adapter: Adapter;
  readonly clock: FakeClock | undefined;
  readonly namespace: string;
  readonly time: SuiteTime;
  readonly options: TestAdapterOptions;
  expect(actual: unknown): TestApiAssertion;
  /** One more adapter for this test, closed after it; over the same namespace unless told. */
  createAdapter(namespace?: string): Promise<Adapter>;
  /** Kill `adapter` with the `kill` hook; it is not closed after the test. */
  kill(adapter: Adapter): Promise<void>;
  breakBackend(): Promise<void>;
  restoreBackend(): Promise<void>;
  /** Report the test as skipped (when the runner can) and stop it; callers return right after. */
  skip(reason: string): void;
}

/** One test: a stable name (part of the contract, skip lists use it) and its body. @internal */
export interface SuiteCase {
  readonly name: string;
  /** When it returns a reason, the test is registered as skipped (capabilities, not skip lists). */
  readonly unless?: (options: TestAdapterOptions) => string | undefined;
  readonly run: (t: SuiteTest) => Promise<void> | void;
}

/** A titled list of cases: one sub-suite. @internal */
export interface SuiteGroup {
  readonly title: string;
  readonly cases: readonly SuiteCase[];
}

/** How a run is composed. @internal */
export interface RunOptions {
  /** Reject skip entries naming no test of this run (only sound when every group runs). */
  readonly checkSkipNames?: boolean;
  readonly extraTests?: ((context: TestAdapterContext) => void) | undefined;
}

interface TestState {
  readonly adapter: Adapter;
  readonly clock: FakeClock | undefined;
  readonly namespace: string;
  readonly others: Adapter[];
  readonly killed: Set<Adapter>;
  broken: boolean;
}

/** Real-time tests wait and poll, so they get more than the runner's default time. */
const REAL_TIME_TEST_TIMEOUT_MS = 60_000;

/** Registers `groups` under one describe block with per-test adapter setup and teardown. @internal */
export function runConformance(
  vitest: TestApi,
  options: TestAdapterOptions,
  groups: readonly SuiteGroup[],
  run: RunOptions = {},
): void {
  const skips = validate(options, groups, run.checkSkipNames === true);
  vitest.describe(`${options.name} adapter conformance`, () => {
    let state: TestState | undefined;
    const current = (): TestState => {
      if (state === undefined) throw new Error("The adapter is only available inside a test.");
      return state;
    };
    vitest.beforeEach(async () => {
      const clock = options.time === "fake" ? createFakeClock() : undefined;
      const namespace = createNamespace();
      const adapter = await options.create({ clock, namespace });
      state = { adapter, clock, namespace, others: [], killed: new Set(), broken: false };
    });
    vitest.afterEach(async () => {
      const ended = state;
      state = undefined;
      if (ended !== undefined) await teardown(ended, options);
    });
    for (const group of groups) {
      vitest.describe(group.title, () => {
        for (const suiteCase of group.cases) register(vitest, options, suiteCase, skips, current);
      });
    }
    const extraTests = run.extraTests;
    if (extraTests !== undefined)
      vitest.describe("adapter-specific", () => extraTests(contextOf(current)));
  });
}

function register(
  vitest: TestApi,
  options: TestAdapterOptions,
  suiteCase: SuiteCase,
  skips: ReadonlyMap<string, string>,
  current: () => TestState,
): void {
  const reason = skips.get(suiteCase.name) ?? suiteCase.unless?.(options);
  if (reason !== undefined) {
    vitest.it.skip?.(`${suiteCase.name} (skipped: ${reason})`, () => undefined);
    return;
  }
  const timeoutMs = options.time === "real" ? REAL_TIME_TEST_TIMEOUT_MS : undefined;
  vitest.it(
    suiteCase.name,
    async (context) => {
      await suiteCase.run(suiteTest(vitest, options, current(), context));
    },
    timeoutMs,
  );
}

function suiteTest(
  vitest: TestApi,
  options: TestAdapterOptions,
  state: TestState,
  context?: TestRunContext,
): SuiteTest {
  const faults = (): NonNullable<TestAdapterOptions["faults"]> => {
    if (options.faults === undefined) throw new Error("This test needs the `faults` option.");
    return options.faults;
  };
  return {
    adapter: state.adapter,
    clock: state.clock,
    namespace: state.namespace,
    time: createSuiteTime(state.clock),
    options,
    expect: (actual) => vitest.expect(actual),
    async createAdapter(namespace = state.namespace) {
      const adapter = await options.create({ clock: state.clock, namespace });
      state.others.push(adapter);
      return adapter;
    },
    async kill(adapter) {
      if (options.kill === undefined)
        throw new Error("A durable adapter must give the `kill` option to run this test.");
      state.killed.add(adapter);
      await options.kill(adapter);
    },
    async breakBackend() {
      state.broken = true;
      await faults().breakBackend();
    },
    async restoreBackend() {
      await faults().restoreBackend();
      state.broken = false;
    },
    skip: (reason) => context?.skip?.(reason),
  };
}

async function teardown(state: TestState, options: TestAdapterOptions): Promise<void> {
  releaseProbes();
  if (state.broken) await options.faults?.restoreBackend();
  for (const adapter of [state.adapter, ...state.others]) {
    if (!state.killed.has(adapter)) await adapter.close();
  }
}

function contextOf(current: () => TestState): TestAdapterContext {
  return {
    get adapter() {
      return current().adapter;
    },
    get clock() {
      return current().clock;
    },
    get namespace() {
      return current().namespace;
    },
  };
}

function validate(
  options: TestAdapterOptions,
  groups: readonly SuiteGroup[],
  checkNames: boolean,
): Map<string, string> {
  if (typeof options.name !== "string" || options.name.trim() === "") {
    throw new ConfigurationError("`name` must be a non-empty string, e.g. `memory`.");
  }
  if (options.time !== "fake" && options.time !== "real") {
    throw new ConfigurationError('`time` must be "fake" or "real".');
  }
  const known = new Set(groups.flatMap((group) => group.cases.map((suiteCase) => suiteCase.name)));
  const skips = new Map<string, string>();
  for (const [index, entry] of (options.skip ?? []).entries()) {
    if (typeof entry.reason !== "string" || entry.reason.trim() === "") {
      throw new ConfigurationError(
        `\`skip[${index}].reason\` is required: say why these tests do not apply.`,
      );
    }
    for (const name of entry.tests) {
      if (checkNames && !known.has(name)) {
        throw new ConfigurationError(`\`skip[${index}].tests\` names an unknown test: "${name}".`);
      }
      skips.set(name, entry.reason);
    }
  }
  return skips;
}

/** `hookwise-test:<pid>:<random>:`, unique per test so a shared backend never mixes tests. */
function createNamespace(): string {
  const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 0;
  const random = crypto.getRandomValues(new Uint8Array(6));
  return `hookwise-test:${pid}:${Array.from(random, (byte) => byte.toString(16).padStart(2, "0")).join("")}:`;
}
