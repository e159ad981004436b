import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Adapter } from "../adapter.ts";
import type { Destination } from "../dispatch/destination.ts";
import { defineSource, type Source } from "../sources/source.ts";
import type { Transformer } from "../transform/transformer.ts";
import type { Signer } from "../verify/signature-scheme.ts";
import { createHmacSigner, createHmacVerifier } from "../verify/generic-hmac.ts";

/** The route every glue under test mounts: `POST /webhooks/:source`. @internal */
export const GLUE_SOURCE = "glue-test";

/** A value that must never be echoed in a response (invariant 5). @internal */
export const PAYLOAD_MARKER = "payload-value-3c81e0@example.test";

/** The ingestor's body limit in the suite: small, so 413 needs no huge body. @internal */
export const GLUE_MAX_BODY_BYTES = 4096;

const scheme = {
  secret: "hookwise-glue-suite-secret",
  header: "x-glue-signature",
  prefix: "sha256=",
} as const;

/** Signs as the sender of {@link GLUE_SOURCE} does. @internal */
export const glueSigner: Signer = createHmacSigner(scheme);

/** Signs with the wrong secret. @internal */
export const wrongSigner: Signer = createHmacSigner({ ...scheme, secret: "not-the-secret" });

/** `amount` must be a number: a schema written against Standard Schema directly, so the suite needs no zod. */
const orderSchema: StandardSchemaV1 = {
  "~standard": {
    version: 1,
    vendor: "hookwise-testing",
    validate: (value) =>
      typeof (value as { amount?: unknown }).amount === "number"
        ? { value }
        : { issues: [{ message: "Expected a number", path: ["amount"] }] },
  },
};

/** Two sources, so routing by the `:source` segment is exercised too. @internal */
export function glueSources(): Source[] {
  const read = {
    id: ({ payload }: { payload: unknown }) => (payload as { id?: string }).id,
    type: ({ payload }: { payload: unknown }) => (payload as { type?: string }).type,
  };
  return [
    defineSource({
      name: GLUE_SOURCE,
      verifier: createHmacVerifier(scheme),
      ...read,
      schemas: { "order.created": orderSchema },
    }),
    defineSource({
      name: "glue-other",
      verifier: createHmacVerifier({ ...scheme, secret: "other-secret" }),
      ...read,
    }),
  ];
}

/**
 * A transformer for every event type the cases send, so accepted events are queued (202) rather
 * than stored as unknown types (200 `ignored`). The worker never starts: nothing is delivered.
 * @internal
 */
export function glueRouting(): { transformers: Transformer[]; destinations: Destination[] } {
  const to = ["glue-sink"];
  return {
    transformers: [GLUE_SOURCE, "glue-other"].map((source) => ({
      name: `${source}-orders`,
      source,
      type: "order.created",
      to,
      transform: (event) => event.payload,
    })),
    destinations: [{ name: "glue-sink", deliver: () => Promise.resolve({}) }],
  };
}

/** The payload of an order event; `overrides` replace top-level fields. @internal */
export function orderPayload(
  id: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return { id, type: "order.created", amount: 1250, email: PAYLOAD_MARKER, ...overrides };
}

/**
 * JSON text that re-serialisation changes (spacing, `12.50`, escaped non-ASCII): a glue that
 * verified `JSON.stringify(JSON.parse(body))` would fail on it.
 * @internal
 */
export function exactOrderJson(id: string): string {
  return `{ "id": "${id}",  "type": "order.created", "amount": 12.50, "note": "caf\\u00e9 ☕" }`;
}

/** Which backend operations fail, switched on and off by a test. @internal */
export interface BackendFaults {
  queue: boolean;
  store: boolean;
}

/**
 * The adapter with its intake failing while a fault is on, as a backend client fails: the glue must
 * answer 503 with `Retry-After`. That a failed intake leaves nothing behind is the adapter's contract,
 * checked by `testAdapter`.
 * @internal
 */
export function withFaults(adapter: Adapter, faults: BackendFaults): Adapter {
  return {
    name: adapter.name,
    capabilities: adapter.capabilities,
    intake: {
      accept: (request) =>
        faults.queue || faults.store
          ? Promise.reject(new Error("Simulated backend outage"))
          : adapter.intake.accept(request),
    },
    idempotency: adapter.idempotency,
    events: adapter.events,
    queue: adapter.queue,
    close: () => adapter.close(),
  };
}

/** A body delivered in chunks without `Content-Length` (chunked transfer encoding on the wire). @internal */
export function chunkedBody(totalBytes: number, chunkBytes = 16_384): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= totalBytes) return controller.close();
      const size = Math.min(chunkBytes, totalBytes - sent);
      sent += size;
      controller.enqueue(new Uint8Array(size).fill(0x61));
    },
  });
}
