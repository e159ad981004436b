/**
 * Test tooling for hookwise users and adapter authors: the adapter conformance suite, a fake clock,
 * and helpers that sign requests the way providers do.
 *
 * @module @hookwise/core/testing
 */
export { createFakeClock } from "./fake-clock.ts";
export type { FakeClock } from "./fake-clock.ts";
export { testAdapter } from "./test-adapter.ts";
export type {
  TestAdapterOptions,
  AdapterFactoryContext,
  TestAdapterContext,
  TestAdapterFaults,
  TestAdapterSkip,
} from "./test-adapter.ts";
export { testIntake } from "./intake.suite.ts";
export { testIdempotencyStore } from "./idempotency-store.suite.ts";
export { testEventStore } from "./event-store.suite.ts";
export { testQueue } from "./queue.suite.ts";
export { testEndpointStore } from "./endpoint-store.suite.ts";
export { testAdapterInvariants } from "./adapter-invariants.suite.ts";
export type { TestApi, TestApiIt, TestApiAssertion, TestFn, TestRunContext } from "./test-api.ts";
export { testHttpGlue } from "./test-http-glue.ts";
export type {
  TestHttpGlueOptions,
  HttpGlueTarget,
  HttpGlueStartOptions,
  HttpGlueSkip,
} from "./test-http-glue.ts";
export { signTestRequest } from "./sign-test-request.ts";
export type { SignTestRequestOptions } from "./sign-test-request.ts";
