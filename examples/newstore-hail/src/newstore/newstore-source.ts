import { createHmacSigner, createHmacVerifier, defineSource, type Signer } from "@hookwise/core";
import { orderCompletedEventSchema } from "./newstore-event.ts";

/** Header NewStore signs with: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const NEWSTORE_SIGNATURE_HEADER = "x-newstore-signature";

const scheme = {
  header: NEWSTORE_SIGNATURE_HEADER,
  algorithm: "SHA-256",
  encoding: "hex",
  prefix: "sha256=",
} as const;

/**
 * The NewStore source, mounted at `POST /webhooks/newstore`. The event id is the idempotency key,
 * `name` the event type; only `order.completed` has a schema (other types are stored and ignored).
 * @param secret - The webhook secret, or several while rotating.
 */
export function createNewstoreSource(secret: string | readonly string[]) {
  return defineSource({
    name: "newstore",
    verifier: createHmacVerifier({ secret, ...scheme }),
    id: ({ payload }) => field(payload, "id"),
    type: ({ payload }) => field(payload, "name"),
    occurredAt: ({ payload }) => {
      const published = Date.parse(field(payload, "published_at") ?? "");
      return Number.isNaN(published) ? undefined : published;
    },
    schemas: { "order.completed": orderCompletedEventSchema },
  });
}

/** The NewStore source type, with its `order.completed` schema. */
export type NewstoreSource = ReturnType<typeof createNewstoreSource>;

/** Signs bodies the way NewStore does: for the simulator, the demo and the tests. */
export function createNewstoreSigner(secret: string): Signer {
  return createHmacSigner({ secret, ...scheme });
}

function field(payload: unknown, name: string): string | undefined {
  if (typeof payload !== "object" || payload === null) return undefined;
  const value = (payload as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}
