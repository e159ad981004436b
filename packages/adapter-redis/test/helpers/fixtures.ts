import type { EventRecord, IntakeRequest } from "@hookwise/core";
import { createHash } from "node:crypto";

/** A webhook body of about `bytes` bytes, as a provider would send it. */
export function webhookBody(id: string, bytes = 2_048): Uint8Array {
  const head = `{"id":"${id}","type":"order.completed","data":{"note":"`;
  const tail = `"}}`;
  return new TextEncoder().encode(
    head + "x".repeat(Math.max(0, bytes - head.length - tail.length)) + tail,
  );
}

/** Headers of the size a signed webhook usually carries. */
export const TYPICAL_HEADERS: Readonly<Record<string, string>> = {
  "content-type": "application/json",
  "user-agent": "Provider-Webhooks/1.0",
  "webhook-id": "msg_2mXyPq8ZcTgJk3vLwN5rB7sH",
  "webhook-timestamp": "1767225600",
  "webhook-signature": "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=",
};

/** The intake of event `id` the way core builds it (process job, 72 h window). */
export function intakeRequest(id: string, body = webhookBody(id)): IntakeRequest {
  const fingerprint = createHash("sha256").update(body).digest("hex");
  const now = Date.now();
  const record: EventRecord = {
    id,
    source: "acme",
    type: "order.completed",
    idempotencyKey: id,
    fingerprint,
    receivedAt: now,
    updatedAt: now,
    status: "queued",
    headers: TYPICAL_HEADERS,
    body,
    deliveries: [],
  };
  return {
    claimKey: `acme:${id}`,
    fingerprint,
    ttlMs: 259_200_000,
    staleAfterMs: 30_000,
    record,
    job: { kind: "process", id: `process:${id}`, eventId: id },
  };
}
