import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
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
  secret: "express-glue-secret",
  header: "x-shop-signature",
  prefix: "sha256=",
} as const;
const signer = createHmacSigner(scheme);

/** An ingestor with one HMAC source, `shop`, on the memory adapter. */
export function shopIngestor(): Ingestor {
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
  });
}

/** A request to `url` signed as the shop signs it. */
export function signedRequest(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Request> {
  return signTestRequest({ signer, url, body, headers });
}

/** A server for `app` on 127.0.0.1, on a free port. */
export async function listen(
  app: RequestListener,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
