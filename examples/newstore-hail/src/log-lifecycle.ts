import type { Ingestor } from "@hookwise/core";

/**
 * One console line per thing an operator cares about, from hookwise's lifecycle events. The
 * payloads carry ids, codes and statuses only, never order data.
 */
export function logLifecycle(
  ingestor: Ingestor,
  write: (line: string) => void = console.log,
): void {
  ingestor.on("queued", ({ eventId, type }) => write(`queued     ${eventId} ${type}`));
  ingestor.on("ignored", ({ eventId, type }) =>
    write(`ignored    ${eventId} ${type} (stored, not forwarded)`),
  );
  ingestor.on("duplicate", ({ eventId }) => write(`duplicate  ${eventId}`));
  ingestor.on("rejected", ({ code, status }) => write(`rejected   ${status} ${code}`));
  ingestor.on("delivery.succeeded", ({ eventId, destination, attempt, responseStatus }) =>
    write(
      `delivered  ${eventId} → ${destination} on attempt ${attempt} (HTTP ${responseStatus ?? "-"})`,
    ),
  );
  ingestor.on(
    "delivery.failed",
    ({ eventId, destination, attempt, code, responseStatus, willRetry, nextAttemptInMs }) =>
      write(
        `failed     ${eventId} → ${destination} attempt ${attempt}: ${responseStatus === undefined ? code : `HTTP ${responseStatus}`}` +
          (willRetry ? `, retrying in ${nextAttemptInMs ?? 0} ms` : ", giving up"),
      ),
  );
  ingestor.on("dead-lettered", ({ eventId, destination, attempts }) =>
    write(
      `DEAD       ${eventId} → ${destination} after ${attempts} attempts; replay it once fixed`,
    ),
  );
}
