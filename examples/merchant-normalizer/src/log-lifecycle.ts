import type { Ingestor } from "@hookwise/core";
import type { Outbox } from "@hookwise/outbound";

/** One console line per thing an operator cares about: ids and codes only, never a descriptor. */
export function logLifecycle(
  ingestor: Ingestor,
  outbox: Outbox,
  write: (line: string) => void = console.log,
): void {
  ingestor.on("queued", ({ eventId }) => write(`accepted    ${eventId}`));
  ingestor.on("duplicate", ({ eventId }) => write(`duplicate   ${eventId} (same idempotency-key)`));
  ingestor.on("rejected", ({ code, status }) => write(`refused     ${status} ${code}`));
  ingestor.on("delivery.succeeded", ({ eventId }) => write(`normalized  ${eventId}`));
  ingestor.on("delivery.failed", ({ eventId, attempt, code, willRetry, nextAttemptInMs }) =>
    write(
      `heuristic   ${eventId} #${attempt} failed: ${code}` +
        (willRetry ? `, retrying in ${nextAttemptInMs ?? 0} ms` : ""),
    ),
  );
  ingestor.on("dead-lettered", ({ eventId, attempts }) =>
    write(`FAILED      ${eventId} after ${attempts} heuristic attempt(s)`),
  );
  outbox.on("attempt.succeeded", ({ messageId, attempt, responseStatus }) =>
    write(`delivered   ${messageId} on attempt ${attempt} (${responseStatus ?? "?"})`),
  );
  outbox.on("attempt.failed", ({ messageId, attempt, code, nextAttemptInMs }) =>
    write(
      `delivery    ${messageId} #${attempt} failed: ${code}` +
        (nextAttemptInMs === undefined ? "" : `, retrying in ${nextAttemptInMs} ms`),
    ),
  );
  outbox.on("delivery.dead_lettered", ({ messageId, code }) =>
    write(`UNDELIVERED ${messageId}: ${code}`),
  );
  ingestor.on("backend.unavailable", ({ adapter }) => write(`backend     ${adapter} unavailable`));
  ingestor.on("backend.restored", ({ adapter }) => write(`backend     ${adapter} back`));
}
