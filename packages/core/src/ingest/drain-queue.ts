import type { Queue } from "../queue/queue.ts";

/** How long `close()` waits for accepted work to be handed out before closing the queue anyway. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 30_000;

const POLL_INTERVAL_MS = 10;

/**
 * Waits until the queue has nothing ready or running, so events accepted just before shutdown are
 * processed instead of dropped by a non-durable queue. Delayed retries are not waited for: they stay
 * stored where the adapter is durable. Uses wall-clock time, since shutdown deadlines are real.
 * Resolves `false` when the deadline passed first.
 */
export async function drainQueue(queue: Queue, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.counts().catch(() => undefined);
    if (counts === undefined) return false;
    if (counts.waiting === 0 && counts.active === 0) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
