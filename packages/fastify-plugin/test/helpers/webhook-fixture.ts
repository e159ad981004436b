import { createMemoryAdapter } from "@hookwise/adapter-memory";
import {
  createHmacSigner,
  createHmacVerifier,
  createIngestor,
  defineSource,
  silentLogger,
  type Ingestor,
} from "@hookwise/core";
import { signTestRequest } from "@hookwise/core/testing";

const scheme = {
  secret: "fastify-glue-secret",
  header: "x-shop-signature",
  prefix: "sha256=",
} as const;
const signer = createHmacSigner(scheme);

/** An ingestor with one HMAC source, `shop`, on the memory adapter. */
export function shopIngestor(options: { maxBodyBytes?: number } = {}): Ingestor {
  return createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources: [
      defineSource({
        name: "shop",
        verifier: createHmacVerifier(scheme),
        id: ({ payload }) => (payload as { id?: string }).id,
        type: ({ payload }) => (payload as { type?: string }).type,
      }),
    ],
    // A transformer for the type, so accepted events are queued (202), not stored as unknown (200).
    transformers: [
      {
        name: "orders",
        source: "shop",
        type: "order.created",
        to: ["sink"],
        transform: (event) => event.payload,
      },
    ],
    destinations: [{ name: "sink", deliver: () => Promise.resolve({}) }],
    logger: silentLogger,
    ...options,
  });
}

/** Method, path, headers and body of a signed request, in the shape `inject()` takes. */
export async function signedInject(
  path: string,
  body: string,
  headers: Record<string, string> = {},
): Promise<{ method: "POST"; url: string; headers: Record<string, string>; payload: string }> {
  const request = await signTestRequest({ signer, url: `http://localhost${path}`, body, headers });
  return { method: "POST", url: path, headers: Object.fromEntries(request.headers), payload: body };
}
