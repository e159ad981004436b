import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import type { JobOutcome, QueueJob } from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { createMemoryQueue } from "@hookwise/adapter-memory";
import { recordingLogger } from "./helpers/recording-logger.ts";

const job = (n: number): QueueJob => ({ kind: "process", id: `job-${n}`, eventId: `evt-${n}` });
const ACK: JobOutcome = { type: "ack" };

describe("createMemoryQueue", () => {
  it("rejects enqueue with BACKEND_UNAVAILABLE beyond maxQueuedJobs, and accepts again once drained", async () => {
    const clock = createFakeClock();
    const queue = createMemoryQueue({ clock, maxQueuedJobs: 2 });
    await queue.enqueue(job(1));
    await queue.enqueue(job(2), { delayMs: 5_000 });
    await expect(queue.enqueue(job(3))).rejects.toMatchObject({
      code: "BACKEND_UNAVAILABLE",
      status: 503,
    });
    queue.consume(async () => ACK, { concurrency: 1 });
    await clock.advance(0);
    await queue.enqueue(job(3));
    await clock.advance(0);
    expect(await queue.counts()).toEqual({ waiting: 0, delayed: 1, active: 0 });
    await queue.close();
  });

  it("hands a failed job out again after redeliveryDelayMs and logs its id and kind, not the error message", async () => {
    const clock = createFakeClock();
    const logger = recordingLogger();
    const queue = createMemoryQueue({ clock, logger, redeliveryDelayMs: 250 });
    const calls: number[] = [];
    queue.consume(
      async () => {
        calls.push(clock.now());
        if (calls.length === 1) throw new Error("secret-payload-value");
        return ACK;
      },
      { concurrency: 1 },
    );
    await queue.enqueue(job(1));
    await clock.advance(249);
    expect(calls).toHaveLength(1);
    await clock.advance(1);
    expect(calls).toHaveLength(2);
    expect(logger.lines).toEqual([
      expect.objectContaining({
        level: "warn",
        fields: { jobId: "job-1", kind: "process", delayMs: 250, error: "Error" },
      }),
    ]);
    expect(JSON.stringify(logger.lines)).not.toContain("secret-payload-value");
  });

  it("hands out a job delayed beyond the longest timer (2^31 - 1 ms) only when it is due", async () => {
    const clock = createFakeClock();
    const queue = createMemoryQueue({ clock });
    const handled: QueueJob[] = [];
    queue.consume(async (j) => (handled.push(j), ACK), { concurrency: 1 });
    const thirtyDaysMs = 30 * 86_400_000;
    await queue.enqueue(job(1), { delayMs: thirtyDaysMs });
    expect(clock.scheduledDelays).toEqual([2_147_483_647]);
    await clock.advance(thirtyDaysMs - 1);
    expect(handled).toHaveLength(0);
    await clock.advance(1);
    expect(handled).toEqual([job(1)]);
  });

  it("allows one consumer per queue", () => {
    const queue = createMemoryQueue();
    queue.consume(async () => ACK, { concurrency: 1 });
    expect(() => queue.consume(async () => ACK, { concurrency: 1 })).toThrow(
      /one consumer per queue/,
    );
    expect(() => createMemoryQueue().consume(async () => ACK, { concurrency: 0 })).toThrow(
      /`concurrency`/,
    );
  });

  it("logs how many jobs close dropped", async () => {
    const logger = recordingLogger();
    const queue = createMemoryQueue({ clock: createFakeClock(), logger });
    await queue.enqueue(job(1));
    await queue.enqueue(job(2), { delayMs: 1_000 });
    await queue.close();
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: "warn", fields: { dropped: 2 } }),
    ]);
  });

  it("does not keep the process alive with a delayed job on the real clock", async () => {
    const script = fileURLToPath(new URL("./fixtures/delayed-job-exit.ts", import.meta.url));
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      ["--conditions=@hookwise/source", "--import", "tsx", script],
      {
        timeout: 10_000,
      },
    );
    expect(stdout.trim()).toBe("enqueued");
  });
});
