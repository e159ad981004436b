import type { QueueJob } from "@hookwise/core";

/**
 * The outbox's job kinds and their ids, in one place. A message with one delivery is queued as that
 * delivery's `send` job; one with several as a `fanout` job that queues a `send` per delivery. Ids are
 * derived from the message and delivery, so queueing again (the sweep, a replay) adds nothing while the
 * job is waiting, delayed or running.
 */

/** Queue the `send` jobs of a message's pending deliveries. */
export interface FanoutJob extends QueueJob {
  readonly kind: "outbound.fanout";
  readonly messageId: string;
}

/** Make one attempt at one delivery. */
export interface SendJob extends QueueJob {
  readonly kind: "outbound.send";
  readonly messageId: string;
  readonly deliveryId: string;
}

/** The kinds the outbox's worker runs. */
export const OutboundJobKind = { fanout: "outbound.fanout", send: "outbound.send" } as const;

/** The fan-out job of a message. */
export function fanoutJob(messageId: string): FanoutJob {
  return { kind: OutboundJobKind.fanout, id: `fanout:${messageId}`, messageId };
}

/**
 * The job of one delivery in its `round` (how many times it was dead-lettered before: a replay
 * starts a new round). The round is in the id so a replay's job is not taken for the job that is
 * still finishing the round before, and dropped as a duplicate.
 */
export function sendJob(messageId: string, deliveryId: string, round = 0): SendJob {
  const id = round === 0 ? `send:${deliveryId}` : `send:${deliveryId}:r${String(round)}`;
  return { kind: OutboundJobKind.send, id, messageId, deliveryId };
}
