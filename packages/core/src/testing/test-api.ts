/**
 * The few test-runner functions the conformance suites use, typed structurally so core depends on no
 * test runner: pass `import * as vitest from "vitest"` or `{ describe, it, expect, beforeEach, afterEach }`.
 */

/**
 * What the runner passes to a test body: vitest's test context has `skip`, used to report a test
 * that does not apply to the adapter's capabilities as skipped.
 * @category Testing
 */
export interface TestRunContext {
  readonly skip?: (note?: string) => void;
}

/**
 * A test body or hook.
 * @category Testing
 */
export type TestFn = (context?: TestRunContext) => Promise<void> | void;

/**
 * Registers a test; `skip` (when the runner has it) registers one reported as skipped.
 * @category Testing
 */
export interface TestApiIt {
  (name: string, fn: TestFn, timeoutMs?: number): void;
  readonly skip?: (name: string, fn: TestFn) => void;
}

/**
 * The matchers the suites call on `expect(actual)`.
 * @category Testing
 */
export interface TestApiAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toMatchObject(expected: object): void;
  toBeUndefined(): void;
  toBeDefined(): void;
  toHaveLength(length: number): void;
  toBeGreaterThanOrEqual(value: number): void;
  toBeLessThanOrEqual(value: number): void;
}

/**
 * The minimal test API the suites need: vitest's namespace (or jest's globals) fits it as is.
 * @example
 * import * as vitest from "vitest";
 * testAdapter(vitest, { name: "memory", time: "fake", create: ({ clock }) => createMemoryAdapter({ clock }) });
 * @category Testing
 */
export interface TestApi {
  readonly describe: (name: string, fn: () => void) => void;
  readonly it: TestApiIt;
  readonly expect: (actual: unknown) => TestApiAssertion;
  readonly beforeEach: (fn: TestFn, timeoutMs?: number) => void;
  readonly afterEach: (fn: TestFn, timeoutMs?: number) => void;
}
