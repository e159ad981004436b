import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import Fastify from "fastify";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import {
  createHandlerDestination,
  createHmacSigner,
  createHmacVerifier,
  createIngestor,
  defineSource,
  type Ingestor,
  type LogFields,
  type Logger,
} from "@hookwise/core";
import { createExpressMiddleware } from "@hookwise/express-middleware";
import { fastifyHookwise } from "@hookwise/fastify-plugin";

export const SCHEME = {
  secret: "fuzz-secret-5b1e",
  header: "x-fuzz-signature",
  prefix: "sha256=",
} as const;
export const signer = createHmacSigner(SCHEME);
/** Small limits so the suite reaches them quickly. */
export const MAX_BODY_BYTES = 64 * 1024;
export const BODY_TIMEOUT_MS = 300;

/** One glue serving one ingestor on 127.0.0.1, with what it delivered and logged. */
export interface FuzzTarget {
  readonly name: string;
  readonly port: number;
  readonly ingestor: Ingestor;
  /** Deliveries by event key (the payload's `id`). */
  readonly delivered: Map<string, number>;
  /** Log lines at warn and error level (debug and info are dropped). */
  readonly logged: { level: string; message: string; fields?: LogFields }[];
  close(): Promise<void>;
}

export type GlueName = "express" | "fastify" | "fetch";

export async function startTarget(name: GlueName): Promise<FuzzTarget> {
  const delivered = new Map<string, number>();
  const logged: FuzzTarget["logged"] = [];
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      // The memory adapter's not-durable warning is expected once per adapter.
      if (!message.includes("memory adapter keeps"))
        logged.push({ level, message, ...(fields ? { fields } : {}) });
    };
  const logger: Logger = { info: () => undefined, warn: at("warn"), error: at("error") };
  const ingestor = createIngestor({
    adapter: createMemoryAdapter({ logger }),
    sources: [
      defineSource({
        name: "shop",
        verifier: createHmacVerifier(SCHEME),
        id: ({ payload }) => (payload as { id?: unknown }).id as string | undefined,
        type: ({ payload }) => (payload as { type?: unknown }).type as string | undefined,
      }),
    ],
    transformers: [
      {
        name: "orders",
        source: "shop",
        type: "order",
        to: ["sink"],
        transform: (event) => event.payload,
      },
    ],
    destinations: [
      createHandlerDestination("sink", (output) => {
        const key = String((output as { id?: unknown }).id);
        delivered.set(key, (delivered.get(key) ?? 0) + 1);
      }),
    ],
    maxBodyBytes: MAX_BODY_BYTES,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    logger,
  });
  ingestor.start();
  const { port, close } = await listen(name, ingestor);
  return {
    name,
    port,
    ingestor,
    delivered,
    logged,
    async close() {
      await close();
      await ingestor.close();
    },
  };
}

async function listen(
  name: GlueName,
  ingestor: Ingestor,
): Promise<{ port: number; close: () => Promise<void> }> {
  if (name === "fastify") {
    const app = Fastify();
    await app.register(fastifyHookwise, { ingestor });
    await app.listen({ port: 0, host: "127.0.0.1" });
    return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
  }
  const server =
    name === "express"
      ? createServer(expressApp(ingestor))
      : createServer((req, res) => void serveFetch(ingestor, req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { port: (server.address() as AddressInfo).port, close: () => closeServer(server) };
}

function expressApp(ingestor: Ingestor): ReturnType<typeof express> {
  const app = express();
  app.post("/webhooks/:source", createExpressMiddleware(ingestor));
  return app;
}

/**
 * `ingestor.fetch` behind node:http, the way a fetch runtime adapter does it. The body is a web
 * stream over the request whose cancel pauses instead of destroying the socket (Readable.toWeb
 * destroys it, which leaves no socket to answer 408 on).
 */
async function serveFetch(
  ingestor: Ingestor,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const headers = new Headers();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const body = hasBody
    ? new ReadableStream<Uint8Array>({
        start(controller) {
          req.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
          req.on("end", () => controller.close());
          req.on("error", (error) => controller.error(error));
          req.on("close", () => {
            if (!req.readableEnded) controller.error(new Error("aborted"));
          });
        },
        cancel() {
          req.pause();
        },
      })
    : null;
  const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, {
    method: req.method ?? "GET",
    headers,
    body,
    duplex: "half",
  } as RequestInit);
  const response = await ingestor.fetch(request);
  if (res.destroyed) return;
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(await response.text());
  if (!req.readableEnded) req.resume();
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
