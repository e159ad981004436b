import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { describe, expect, it } from "vitest";
import { capturingLogger, createHarness, order, signed } from "../helpers/ingest-harness.ts";

const NEVER_RUN = "Events are accepted but will never run";

describe("an ingestor whose events no worker will run", () => {
  it("warns once when it accepts events on an unshared queue without start()", async () => {
    const { ingestor, logger } = createHarness();
    await ingestor.handle(await signed(order("ord_a")));
    await ingestor.handle(await signed(order("ord_b")));
    const warnings = logger.lines.filter((line) => line.includes(NEVER_RUN));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^warn .*ingestor\.start\(\)/);
    await ingestor.close();
  });

  it("stays quiet once started", async () => {
    const { ingestor, logger, clock } = createHarness();
    ingestor.start();
    await ingestor.handle(await signed(order("ord_c")));
    await clock.advance(0);
    expect(logger.lines.filter((line) => line.includes(NEVER_RUN))).toEqual([]);
    await ingestor.close();
  });

  it("stays quiet on an adapter shared across processes (a worker may run elsewhere)", async () => {
    const memory = createMemoryAdapter({ logger: capturingLogger() });
    const adapter = {
      ...memory,
      capabilities: { ...memory.capabilities, sharedAcrossProcesses: true },
    };
    const { ingestor, logger } = createHarness({ adapter });
    await ingestor.handle(await signed(order("ord_d")));
    expect(logger.lines.filter((line) => line.includes(NEVER_RUN))).toEqual([]);
    await ingestor.close();
  });
});
