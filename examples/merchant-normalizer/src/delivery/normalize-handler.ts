import { NonRetryableError, on, type EventHandler, type Logger } from "@hookwise/core";
import type { Outbox } from "@hookwise/outbound";
import { clientIdOf, type NormalizeSource } from "../intake/normalize-source.ts";
import { NORMALIZE_REQUEST_TYPE } from "../intake/transaction.ts";
import type { MerchantHeuristic } from "../normalizer/normalize-merchant.ts";
import { MERCHANT_NORMALIZED, type MerchantNormalizedPayload } from "./merchant-normalized.ts";

/** Options of {@link createNormalizeHandler}. */
export interface NormalizeHandlerOptions {
  readonly source: NormalizeSource;
  readonly outbox: Outbox;
  readonly heuristic: MerchantHeuristic;
  /** Reads a stored request's headers (the client id is there). */
  readonly readHeaders: (
    requestId: string,
  ) => Promise<Readonly<Record<string, string>> | undefined>;
  /** One attempt may run this long before it is aborted and retried, in ms. */
  readonly timeoutMs: number;
  readonly logger: Logger;
}

/**
 * The worker's side of a request: run the heuristic, then hand the result to the outbox, which
 * signs it and delivers it to the client's endpoint with retries. `send` resolves once the message
 * is stored, and its idempotency key is the request id, so an attempt retried after the send (the
 * worker died before hookwise recorded the success) sends nothing twice: the client gets one
 * message per request.
 */
export function createNormalizeHandler(options: NormalizeHandlerOptions): EventHandler {
  const { outbox, heuristic, logger } = options;
  return on(
    options.source,
    NORMALIZE_REQUEST_TYPE,
    async (event, { signal }) => {
      const requestId = event.id;
      const headers = await options.readHeaders(requestId);
      const clientId = headers === undefined ? undefined : clientIdOf(headers);
      // Never: the verifier refused requests without one before they were stored.
      if (clientId === undefined || clientId === "") {
        throw new NonRetryableError("The stored request has no client-id.");
      }
      const merchant = await heuristic(event.payload, signal);
      signal.throwIfAborted();
      const payload: MerchantNormalizedPayload = { request_id: requestId, merchant };
      const sent = await outbox.send({
        tenant: clientId,
        type: MERCHANT_NORMALIZED,
        payload,
        idempotencyKey: requestId,
      });
      if (sent.status === "accepted" && sent.deliveries === 0) {
        // The client removed or disabled its endpoint after the request was accepted: the result
        // is kept (GET /requests/:id shows it) but has nowhere to go.
        logger.warn("A normalized merchant has no endpoint to go to", { requestId, clientId });
      }
    },
    { name: "normalize-merchant", timeoutMs: options.timeoutMs },
  );
}
