import type { AttemptRecord, EventRecord, EventStatus, DeliveryStatus } from "@hookwise/core";

/**
 * One delivery of a message: to one endpoint, with every attempt.
 * @category Messages
 */
export interface MessageDeliveryView {
  readonly id: string;
  readonly endpointId: string;
  readonly status: DeliveryStatus;
  readonly attempts: readonly AttemptRecord[];
}

/**
 * A message as the operations API shows it: the payload as sent, and each endpoint's delivery with
 * its attempts (status, the start of the response body, the error, the next retry). Serialisable.
 * @category Messages
 */
export interface MessageView {
  /** `msg_…`: the `webhook-id` every receiver sees, stable across retries. */
  readonly id: string;
  readonly tenant: string;
  readonly type: string;
  /** The idempotency key it was sent under (a random one when none was given). */
  readonly idempotencyKey: string;
  readonly payload: unknown;
  /**
   * `queued` until a first attempt fails, then `processing` while a delivery is pending; `delivered`;
   * `dead_lettered` when one ran out of attempts or failed for good.
   */
  readonly status: EventStatus;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly deliveries: readonly MessageDeliveryView[];
}

/** The view of a stored message record. */
export function toMessageView(record: EventRecord): MessageView {
  return {
    id: record.id,
    tenant: record.source,
    type: record.type,
    idempotencyKey: record.idempotencyKey,
    payload: JSON.parse(new TextDecoder().decode(record.body)) as unknown,
    status: record.status,
    createdAt: record.receivedAt,
    updatedAt: record.updatedAt,
    deliveries: record.deliveries.map((delivery) => ({
      id: delivery.id,
      endpointId: delivery.destination,
      status: delivery.status,
      attempts: delivery.attempts,
    })),
  };
}
