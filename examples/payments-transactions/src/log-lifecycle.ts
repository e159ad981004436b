import type { Ingestor } from "@hookwise/core";

/** One console line per thing an operator cares about: ids and codes only, never account data. */
export function logLifecycle(
  ingestor: Ingestor,
  write: (line: string) => void = console.log,
): void {
  ingestor.on("queued", ({ eventId }) => write(`received    ${eventId}`));
  ingestor.on("duplicate", ({ eventId }) => write(`duplicate   ${eventId} (not processed again)`));
  ingestor.on("conflict", ({ eventId }) => write(`conflict    ${eventId} (same id, other bytes)`));
  ingestor.on("rejected", ({ code, status }) => write(`rejected    ${status} ${code}`));
  ingestor.on("delivery.succeeded", ({ eventId, attempt }) =>
    write(`processed   ${eventId} on attempt ${attempt}`),
  );
  ingestor.on("delivery.failed", ({ eventId, attempt, code, willRetry, nextAttemptInMs }) =>
    write(
      `attempt     ${eventId} #${attempt} failed: ${code}` +
        (willRetry ? `, retrying in ${nextAttemptInMs ?? 0} ms` : ""),
    ),
  );
  ingestor.on("dead-lettered", ({ eventId, attempts }) =>
    write(`FAILED      ${eventId} after ${attempts} attempt(s)`),
  );
  ingestor.on("backend.unavailable", ({ adapter }) => write(`backend     ${adapter} unavailable`));
  ingestor.on("backend.restored", ({ adapter }) => write(`backend     ${adapter} back`));
}
