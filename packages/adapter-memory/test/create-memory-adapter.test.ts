import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigurationError, silentLogger, type JobOutcome } from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { recordingLogger } from "./helpers/recording-logger.ts";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("createMemoryAdapter", () => {
  it("declares that it is neither durable nor shared across processes", () => {
    const adapter = createMemoryAdapter({ logger: silentLogger });
    expect(adapter.name).toBe("memory");
    expect(adapter.capabilities).toEqual({ durable: false, sharedAcrossProcesses: false });
  });

  it("warns once at creation that it is not durable and not shared", () => {
    vi.stubEnv("NODE_ENV", "development");
    const logger = recordingLogger();
    createMemoryAdapter({ logger });
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]?.level).toBe("warn");
    expect(logger.lines[0]?.message).toMatch(/lost on restart and not shared with other processes/);
  });

  it("logs an error instead when NODE_ENV is production", () => {
    vi.stubEnv("NODE_ENV", "production");
    const logger = recordingLogger();
    createMemoryAdapter({ logger });
    expect(logger.lines.map((line) => line.level)).toEqual(["error"]);
    expect(logger.lines[0]?.message).toMatch(/NODE_ENV is production.*@hookwise\/adapter-redis/);
  });

  it.each([
    [{ maxEvents: 0 }, "`maxEvents`"],
    [{ maxIdempotencyKeys: 1.5 }, "`maxIdempotencyKeys`"],
    [{ maxQueuedJobs: -1 }, "`maxQueuedJobs`"],
    [{ eventTtlMs: 0 }, "`eventTtlMs`"],
    [{ redeliveryDelayMs: Number.NaN }, "`redeliveryDelayMs`"],
  ])("rejects %o with a ConfigurationError naming the option", (options, name) => {
    const create = (): unknown => createMemoryAdapter({ ...options, logger: silentLogger });
    expect(create).toThrow(name);
    expect(create).toThrow(ConfigurationError);
  });

  it("accepts Infinity to lift a bound on purpose", () => {
    const adapter = createMemoryAdapter({
      maxEvents: Infinity,
      eventTtlMs: Infinity,
      logger: silentLogger,
    });
    expect(adapter.name).toBe("memory");
  });

  it("keeps the stores open while close drains running handlers, then closes them", async () => {
    const clock = createFakeClock();
    const adapter = createMemoryAdapter({ clock, logger: silentLogger });
    let release: () => void = () => undefined;
    const recorded: string[] = [];
    adapter.queue.consume(
      async (job) => {
        await new Promise<void>((resolve) => (release = resolve));
        const claim = { ttlMs: 1_000, staleAfterMs: 1_000 };
        recorded.push((await adapter.idempotency.claim(job.id, "fp", claim)).outcome);
        return { type: "ack" } satisfies JobOutcome;
      },
      { concurrency: 1 },
    );
    await adapter.queue.enqueue({ kind: "process", id: "job-1", eventId: "evt-1" });
    await clock.advance(0);
    const closing = adapter.close();
    release();
    await closing;
    expect(recorded).toEqual(["new"]);
    await expect(adapter.events.get("evt-1")).rejects.toMatchObject({ code: "CLOSED" });
    await expect(
      adapter.idempotency.claim("k", "fp", { ttlMs: 1, staleAfterMs: 1 }),
    ).rejects.toMatchObject({
      code: "CLOSED",
    });
  });
});
