import type { DeliveryRecord } from "../events/event-record.ts";
import { transformerId, type Transformer } from "../transform/transformer.ts";

/**
 * What one transformer produced for an event.
 * @category Transform
 */
export interface TransformOutcome {
  readonly transformer: Transformer;
  /** Outputs in the order the transformer returned them. */
  readonly outputs: readonly unknown[];
}

/**
 * Fan-out: one pending delivery per (output, destination). Ids are stable
 * (`${eventId}:${name}@${version}:${outputIndex}:${destination}`), so planning the same event again
 * after a crash yields the same ids and the event store adds nothing twice.
 * @example
 * planDeliveries("hw_1", [{ transformer: toPartner, outputs: [order] }]);
 * // [{ id: "hw_1:order-to-partner@1:0:partner", destination: "partner", status: "pending", ... }]
 * @category Transform
 */
export function planDeliveries(
  eventId: string,
  results: readonly TransformOutcome[],
): DeliveryRecord[] {
  const deliveries: DeliveryRecord[] = [];
  for (const { transformer, outputs } of results) {
    const producer = transformerId(transformer);
    outputs.forEach((output, index) => {
      for (const destination of transformer.to) {
        deliveries.push({
          id: `${eventId}:${producer}:${String(index)}:${destination}`,
          destination,
          transformer: producer,
          status: "pending",
          output,
          attempts: [],
        });
      }
    });
  }
  return deliveries;
}
