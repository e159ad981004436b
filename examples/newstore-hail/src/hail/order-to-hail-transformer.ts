import { defineTransformer } from "@hookwise/core";
import type { NewstoreSource } from "../newstore/newstore-source.ts";
import { HAIL_DESTINATION } from "./hail-destination.ts";
import { hailTransactionSchema } from "./hail-transaction.ts";
import { mapOrderToHail } from "./order-to-hail.ts";

/** Name and version of the transformer, as recorded on every delivery (`newstore-order-to-hail@1`). */
export const ORDER_TO_HAIL = { name: "newstore-order-to-hail", version: 1 } as const;

/**
 * Every completed NewStore order becomes one Hail transaction, validated against Hail's schema
 * before it is sent. Bump `version` when the output shape changes.
 */
export function createOrderToHailTransformer(source: NewstoreSource) {
  return defineTransformer({
    ...ORDER_TO_HAIL,
    source,
    type: "order.completed",
    to: [HAIL_DESTINATION],
    output: hailTransactionSchema,
    transform: ({ payload }) => mapOrderToHail(payload),
  });
}
