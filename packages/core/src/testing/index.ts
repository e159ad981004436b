/**
 * Test tooling for hookwise users and adapter authors: the adapter conformance suite, a fake clock,
 * and helpers that sign requests the way providers do.
 *
 * @module @hookwise/core/testing
 */
export { createFakeClock } from "./fake-clock.ts";
export type { FakeClock } from "./fake-clock.ts";
