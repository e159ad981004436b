import { createHash, randomBytes } from "node:crypto";

/**
 * Ids of outbound records. A message id is derived from the tenant and the idempotency key, so the
 * same key always names the same message (and a resend after a crash finds it); a delivery id from
 * the message and the endpoint. Neither contains `.`, which Standard Webhooks ids must not.
 */

function digest(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\u0000")).digest("base64url").slice(0, 26);
}

/** `msg_…` for a tenant's message under an idempotency key. */
export function messageIdFor(tenant: string, idempotencyKey: string): string {
  return `msg_${digest(tenant, idempotencyKey)}`;
}

/** `dlv_…` for one message to one endpoint. */
export function deliveryIdFor(messageId: string, endpointId: string): string {
  return `dlv_${digest(messageId, endpointId)}`;
}

/** A fresh `ep_…` endpoint id. */
export function newEndpointId(): string {
  return `ep_${randomBytes(16).toString("base64url")}`;
}

/** A fresh idempotency key for a message sent without one. */
export function newMessageKey(): string {
  return randomBytes(16).toString("base64url");
}

/** SHA-256 of the body, hex: the same key with other bytes is a conflict. */
export function fingerprintOf(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}
