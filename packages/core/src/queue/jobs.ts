import type { QueueJob } from "./queue.ts";

/**
 * The one place that defines core's job kinds and their ids. The ingest side, the worker, replay
 * and the sweep all build jobs here, so a queue's de-duplication by id never depends on two files
 * agreeing on a string format. New kinds (outbound sends, polls) add a constructor here and a
 * handler in the worker's table.
 */

/** Transform one event and fan it out. */
export interface ProcessJob extends QueueJob {
  readonly kind: "process";
  readonly eventId: string;
}

/** Make one attempt at one delivery. */
export interface DeliverJob extends QueueJob {
  readonly kind: "deliver";
  readonly eventId: string;
  readonly deliveryId: string;
}

/** The job kinds core enqueues. @internal */
export const JobKind = { process: "process", deliver: "deliver" } as const;

/**
 * The job that transforms one event; its id is derived from the event's, so enqueueing it again
 * (a resend of the webhook, the sweep, a replay) adds nothing while it is queued or running.
 * @internal
 */
export function processJob(eventId: string): ProcessJob {
  return { kind: JobKind.process, id: `process:${eventId}`, eventId };
}

/**
 * The job that delivers one delivery in its `round` (how many times it was dead-lettered before: a
 * replay starts a new round); its id lets the queue drop a second copy. The round is in the id, so
 * a replay's job is not taken for the job still finishing the round before. @internal
 */
export function deliverJob(eventId: string, deliveryId: string, round = 0): DeliverJob {
  const id = round === 0 ? `deliver:${deliveryId}` : `deliver:${deliveryId}:r${String(round)}`;
  return { kind: JobKind.deliver, id, eventId, deliveryId };
}

/** The string field `name` of a job, or `undefined` when a foreign job lacks it. @internal */
export function jobField(job: QueueJob, name: string): string | undefined {
  const value: unknown = job[name];
  return typeof value === "string" ? value : undefined;
}
