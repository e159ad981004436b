/**
 * One HTTP bench server, run in its own child process by bench/http-bench.ts so that its CPU time
 * can be measured apart from the load generator's:
 *
 *   node --conditions=@hookwise/source --import tsx bench/http-server.ts <variant>
 *
 * Variants: `bare-express`, `bare-fastify` (raw body + HMAC check + 202, nothing else),
 * `bare-fastify-keep` (a hand-written receiver that keeps what it acknowledges: the same, plus the
 * id from the parsed body, a duplicate check and a copy of body and headers in a bounded `Map`),
 * `hookwise-express`, `hookwise-fastify` (the full ingest pipeline on the memory adapter, with the
 * worker delivering to a no-op handler destination: nothing goes to the network), and
 * `hookwise-express-ingest`, `hookwise-fastify-ingest` (the same without the worker: the
 * acknowledgement path alone).
 *
 * Protocol over IPC: the child sends `{ type: "ready", port }`; the parent sends `start` (begin
 * counting CPU time and requests) and `stop`, answered by `{ type: "usage", ... }`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  BENCH_EVENT_TYPE,
  BENCH_SECRET,
  BENCH_SIGNATURE_HEADER,
  BENCH_SOURCE,
} from "./http-fixture.ts";
import { HTTP_VARIANTS, type HttpVariant, type UsageMessage } from "./http-protocol.ts";

interface Running {
  readonly server: Server;
  close(): Promise<void>;
}

/** Constant-time check of `sha256=<hex>` over the raw body, as a hand-written receiver would do it. */
function validSignature(body: Buffer, header: string | undefined): boolean {
  if (header === undefined || !header.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", BENCH_SECRET).update(body).digest();
  const given = Buffer.from(header.slice(7), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function bareExpress(): Promise<Running> {
  const { default: express } = await import("express");
  const app = express();
  app.post(
    "/webhooks/:source",
    express.raw({ type: "application/json", limit: "1mb" }),
    (req, res) => {
      const ok =
        Buffer.isBuffer(req.body) && validSignature(req.body, req.get(BENCH_SIGNATURE_HEADER));
      if (!ok) res.status(401).json({ error: "invalid signature" });
      else res.status(202).json({ status: "accepted" });
    },
  );
  return listenNode(app);
}

/** A Fastify app whose JSON routes get the raw body as a `Buffer`, as the bare receivers need it. */
async function rawBodyFastify(): Promise<import("fastify").FastifyInstance> {
  const { default: Fastify } = await import("fastify");
  const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
  app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) =>
    done(null, body),
  );
  return app;
}

/** {@link validSignature} of a request on a {@link rawBodyFastify} app. */
function fastifySigned(request: import("fastify").FastifyRequest): boolean {
  const header = request.headers[BENCH_SIGNATURE_HEADER];
  return validSignature(request.body as Buffer, typeof header === "string" ? header : undefined);
}

async function bareFastify(): Promise<Running> {
  const app = await rawBodyFastify();
  app.post("/webhooks/:source", async (request, reply) =>
    fastifySigned(request)
      ? reply.code(202).send({ status: "accepted" })
      : reply.code(401).send({ error: "invalid signature" }),
  );
  return listenFastify(app);
}

/** Events `bare-fastify-keep` holds, as many as the memory adapter's default `maxEvents`. */
const KEEP_MAX_EVENTS = 10_000;

interface KeptEvent {
  readonly body: Uint8Array;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly receivedAt: number;
}

/**
 * What a team writes by hand when it must not lose what it acknowledged, in memory: HMAC check,
 * `JSON.parse` for the event id, a duplicate check on it, and a copy of the body and headers kept
 * in a `Map` bounded like the memory adapter (oldest out first, through a ring of ids so eviction
 * costs no scan). The reference for what keeping each accepted event costs, apart from hookwise.
 */
async function bareFastifyKeep(): Promise<Running> {
  const app = await rawBodyFastify();
  const kept = new Map<string, KeptEvent>();
  const ring: (string | undefined)[] = new Array<string | undefined>(KEEP_MAX_EVENTS);
  let next = 0;
  app.post("/webhooks/:source", async (request, reply) => {
    if (!fastifySigned(request)) return reply.code(401).send({ error: "invalid signature" });
    const body = request.body as Buffer;
    let id: unknown;
    try {
      id = (JSON.parse(body.toString("utf8")) as { id?: unknown }).id;
    } catch {
      return reply.code(400).send({ error: "invalid JSON" });
    }
    if (typeof id !== "string") return reply.code(422).send({ error: "no event id" });
    if (kept.has(id)) return reply.code(200).send({ status: "duplicate" });
    const evicted = ring[next];
    if (evicted !== undefined) kept.delete(evicted);
    ring[next] = id;
    next = (next + 1) % KEEP_MAX_EVENTS;
    kept.set(id, {
      body: new Uint8Array(body),
      headers: { ...request.headers },
      receivedAt: Date.now(),
    });
    return reply.code(202).send({ status: "accepted" });
  });
  return listenFastify(app);
}

type Hookwise = typeof import("./http-hookwise.ts");

/** The bundle bench/http-bench.ts built (shipped code), or the sources through tsx. */
function loadHookwise(): Promise<Hookwise> {
  const bundle = process.env["HOOKWISE_BENCH_MODULE"];
  return bundle === undefined
    ? import("./http-hookwise.ts")
    : (import(bundle) as Promise<Hookwise>);
}

/**
 * Memory adapter bounds. With the worker, the adapter's defaults (as shipped) unless
 * `BENCH_MAX_EVENTS` sets `maxEvents`; without it nothing settles, so every event must fit.
 */
function memoryLimits(withWorker: boolean): {
  maxEvents?: number;
  maxBytes?: number;
  maxQueuedJobs?: number;
  maxIdempotencyKeys: number;
} {
  const maxEvents = process.env["BENCH_MAX_EVENTS"];
  // Without the worker nothing settles: room for every event of a run, bytes included (a run at
  // 10,000 req/s keeps about 400 MB), so the adapter never answers 503 for being full.
  if (!withWorker)
    return {
      maxEvents: 2_000_000,
      maxBytes: 8 * 1024 ** 3,
      maxQueuedJobs: 2_000_000,
      maxIdempotencyKeys: 2_000_000,
    };
  return {
    ...(maxEvents === undefined ? {} : { maxEvents: Number(maxEvents) }),
    maxIdempotencyKeys: 2_000_000,
  };
}

async function benchIngestor(withWorker: boolean) {
  const core = await loadHookwise();
  const { createMemoryAdapter } = core;
  const source = core.defineSource({
    name: BENCH_SOURCE,
    verifier: core.createHmacVerifier({
      secret: BENCH_SECRET,
      header: BENCH_SIGNATURE_HEADER,
      prefix: "sha256=",
    }),
    id: ({ payload }) => (payload as { id?: string }).id,
    type: ({ payload }) => (payload as { name?: string }).name,
  });
  const ingestor = core.createIngestor({
    adapter: createMemoryAdapter({
      logger: core.silentLogger,
      ...memoryLimits(withWorker),
    }),
    sources: [source],
    transformers: [
      core.defineTransformer({
        name: "bench",
        source: BENCH_SOURCE,
        type: BENCH_EVENT_TYPE,
        to: ["noop"],
        transform: (event) => ({ id: event.id }),
      }),
    ],
    destinations: [core.createHandlerDestination("noop", () => undefined)],
    logger: core.silentLogger,
  });
  if (withWorker) ingestor.start();
  return ingestor;
}

async function hookwiseExpress(withWorker: boolean): Promise<Running> {
  const { default: express } = await import("express");
  const { createExpressMiddleware } = await loadHookwise();
  const ingestor = await benchIngestor(withWorker);
  const app = express();
  app.post("/webhooks/:source", createExpressMiddleware(ingestor));
  const running = await listenNode(app);
  return {
    server: running.server,
    close: async () => (await running.close(), await ingestor.close()),
  };
}

async function hookwiseFastify(withWorker: boolean): Promise<Running> {
  const { default: Fastify } = await import("fastify");
  const { fastifyHookwise } = await loadHookwise();
  const ingestor = await benchIngestor(withWorker);
  const app = Fastify({ logger: false });
  await app.register(fastifyHookwise, { ingestor, path: "/webhooks/:source" });
  const running = await listenFastify(app);
  return {
    server: running.server,
    close: async () => (await running.close(), await ingestor.close()),
  };
}

function listenNode(handler: import("node:http").RequestListener): Promise<Running> {
  return import("node:http").then(
    ({ createServer }) =>
      new Promise((resolve) => {
        const server = createServer(handler);
        server.keepAliveTimeout = 60_000;
        server.listen(0, "127.0.0.1", () =>
          resolve({ server, close: () => new Promise<void>((done) => server.close(() => done())) }),
        );
      }),
  );
}

async function listenFastify(app: import("fastify").FastifyInstance): Promise<Running> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return { server: app.server, close: () => app.close() };
}

function start(variant: HttpVariant): Promise<Running> {
  switch (variant) {
    case "bare-express":
      return bareExpress();
    case "bare-fastify":
      return bareFastify();
    case "bare-fastify-keep":
      return bareFastifyKeep();
    case "hookwise-express":
      return hookwiseExpress(true);
    case "hookwise-express-ingest":
      return hookwiseExpress(false);
    case "hookwise-fastify":
      return hookwiseFastify(true);
    case "hookwise-fastify-ingest":
      return hookwiseFastify(false);
  }
}

const variant = process.argv[2] as HttpVariant;
if (!HTTP_VARIANTS.includes(variant) || process.send === undefined) {
  console.error(
    `Usage (from bench/http-bench.ts, with IPC): http-server.ts <${HTTP_VARIANTS.join("|")}>`,
  );
  process.exit(2);
}
const running = await start(variant);
let requests = 0;
let cpuAtStart = process.cpuUsage();
running.server.on("request", () => {
  requests += 1;
});
process.on("message", (message: { type: string }) => {
  if (message.type === "start") {
    requests = 0;
    cpuAtStart = process.cpuUsage();
  } else if (message.type === "stop") {
    const cpu = process.cpuUsage(cpuAtStart);
    const usage: UsageMessage = {
      type: "usage",
      userMicros: cpu.user,
      systemMicros: cpu.system,
      requests,
      rssBytes: process.memoryUsage.rss(),
    };
    process.send?.(usage);
  } else if (message.type === "exit") {
    // Exit as soon as the server is closed: in-flight deliveries of a bench are not worth waiting for.
    void running.close().finally(() => process.exit(0));
  }
});
process.send({ type: "ready", port: (running.server.address() as AddressInfo).port });
