/**
 * One Redis bench process, run in its own child by bench/redis-bench.ts so that its CPU time is
 * measured apart from the load generator's:
 *
 *   node --conditions=@hookwise/source --import tsx bench/redis-server.ts <variant>
 *
 * Ingest variants (an HTTP server on 127.0.0.1; same IPC protocol as bench/http-server.ts):
 * - `hookwise-redis`: Fastify + @hookwise/fastify-plugin + createRedisAdapter, ingest only: verify,
 *   parse, claim + store the whole event (one Lua script), BullMQ `add`, then 202;
 * - `bare-bullmq`: Fastify, HMAC check, JSON.parse for the id, `SET NX EX`, BullMQ `add` of the body,
 *   then 202 (what a team writes by hand on BullMQ);
 * - `bare-lua`: Fastify, HMAC check, JSON.parse, one Lua script (`SET NX EX` then `XADD` of the body);
 * - `bare-bullmq-keep` (a reference, not a target): bare-bullmq that also keeps what it acknowledges,
 *   as a team must to answer "what happened to event X": one Lua script claims the id and stores body
 *   and headers in a hash with a TTL, then BullMQ `add` of a job carrying only the id. It has no
 *   status, index, fingerprint, listing, dead letters or replay.
 *
 * Worker variants (no HTTP): `fill` queues `count` events (hookwise: through `ingestor.handle`,
 * exactly as HTTP ingest would; bare: `addBulk` of jobs carrying the body), then `run` starts the
 * worker and answers once all of them are done, with the time and this process's CPU:
 * - `hookwise-worker`: the ingestor's worker on Redis delivering to a no-op handler destination
 *   (two queue hops, each attempt recorded);
 * - `bullmq-worker`: a bare BullMQ Worker running no-op jobs.
 *
 * Environment: `REDIS_URL`, `BENCH_PREFIX` (a fresh key prefix), `BENCH_CONCURRENCY` (workers).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  BENCH_EVENT_TYPE,
  BENCH_SECRET,
  BENCH_SIGNATURE_HEADER,
  BENCH_SOURCE,
  benchBody,
  benchSignature,
} from "./http-fixture.ts";
import type { UsageMessage } from "./http-protocol.ts";
import {
  REDIS_INGEST_VARIANTS,
  REDIS_WORKER_VARIANTS,
  type RedisIngestVariant,
  type RedisWorkerVariant,
  type WorkerResultMessage,
} from "./redis-protocol.ts";

const REDIS_URL = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";
const PREFIX = process.env["BENCH_PREFIX"] ?? `bench:${process.pid}`;
const CONCURRENCY = Number(process.env["BENCH_CONCURRENCY"] ?? 10);
/** The idempotency window every variant keeps a key for: hookwise's default, 72 h. */
const DEDUPE_SECONDS = 259_200;

type Hookwise = typeof import("./redis-hookwise.ts");

function loadHookwise(): Promise<Hookwise> {
  const bundle = process.env["HOOKWISE_BENCH_MODULE"];
  return bundle === undefined
    ? import("./redis-hookwise.ts")
    : (import(bundle) as Promise<Hookwise>);
}

function validSignature(body: Buffer, header: unknown): boolean {
  if (typeof header !== "string" || !header.startsWith("sha256=")) return false;
  const expected = createHmac("sha256", BENCH_SECRET).update(body).digest();
  const given = Buffer.from(header.slice(7), "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function hookwiseIngestor(hookwise: Hookwise) {
  const ingestor = hookwise.createIngestor({
    adapter: hookwise.createRedisAdapter({
      url: REDIS_URL,
      prefix: PREFIX,
      logger: hookwise.silentLogger,
    }),
    sources: [
      hookwise.defineSource({
        name: BENCH_SOURCE,
        verifier: hookwise.createHmacVerifier({
          secret: BENCH_SECRET,
          header: BENCH_SIGNATURE_HEADER,
          prefix: "sha256=",
        }),
        id: ({ payload }) => (payload as { id?: string }).id,
        type: ({ payload }) => (payload as { name?: string }).name,
      }),
    ],
    transformers: [
      hookwise.defineTransformer({
        name: "bench",
        source: BENCH_SOURCE,
        type: BENCH_EVENT_TYPE,
        to: ["noop"],
        transform: (event) => ({ id: event.id }),
      }),
    ],
    destinations: [hookwise.createHandlerDestination("noop", () => undefined)],
    concurrency: CONCURRENCY,
    logger: hookwise.silentLogger,
  });
  return ingestor;
}

interface Running {
  readonly server: Server;
  close(): Promise<void>;
}

async function startIngest(variant: RedisIngestVariant): Promise<Running> {
  const { default: Fastify } = await import("fastify");
  const app = Fastify({ logger: false });
  const closers: (() => Promise<unknown>)[] = [];
  if (variant === "hookwise-redis") {
    const hookwise = await loadHookwise();
    const ingestor = await hookwiseIngestor(hookwise);
    await app.register(hookwise.fastifyHookwise, { ingestor, path: "/webhooks/:source" });
    closers.push(() => ingestor.close());
  } else {
    const accept = await bareAccept(variant);
    closers.push(accept.close);
    app.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) =>
      done(null, body),
    );
    app.post("/webhooks/:source", async (request, reply) => {
      const body = request.body as Buffer;
      if (!validSignature(body, request.headers[BENCH_SIGNATURE_HEADER]))
        return reply.code(401).send({ error: "invalid signature" });
      const { id } = JSON.parse(body.toString("utf8")) as { id?: unknown };
      if (typeof id !== "string") return reply.code(400).send({ error: "no id" });
      const fresh = await accept.accept(id, body, request.headers);
      return reply.code(fresh ? 202 : 200).send({ id, status: fresh ? "accepted" : "duplicate" });
    });
  }
  await app.listen({ port: 0, host: "127.0.0.1" });
  return {
    server: app.server,
    async close() {
      await app.close();
      for (const close of closers) await close();
    },
  };
}

/** The hand-written ack paths: claim the id, then queue the body; `false` for a duplicate. */
async function bareAccept(variant: Exclude<RedisIngestVariant, "hookwise-redis">): Promise<{
  accept(id: string, body: Buffer, headers: Readonly<Record<string, unknown>>): Promise<boolean>;
  close(): Promise<unknown>;
}> {
  const { Redis } = await import("ioredis");
  // Fail fast like hookwise's ingest connection: an ack path must not queue commands while Redis is away.
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  const tag = `{${PREFIX}}`;
  if (variant === "bare-lua") {
    redis.defineCommand("acceptWebhook", {
      numberOfKeys: 2,
      lua: `if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
  redis.call('XADD', KEYS[2], '*', 'id', ARGV[2], 'body', ARGV[3])
  return 1
end
return 0`,
    });
    const command = redis as unknown as {
      acceptWebhook(...args: (string | Buffer | number)[]): Promise<number>;
    };
    return {
      accept: async (id, body) =>
        (await command.acceptWebhook(
          `${tag}:seen:${id}`,
          `${tag}:stream`,
          DEDUPE_SECONDS,
          id,
          body,
        )) === 1,
      close: () => redis.quit(),
    };
  }
  const { Queue } = await import("bullmq");
  const queue = new Queue("jobs", { connection: redis, prefix: tag });
  if (variant === "bare-bullmq-keep") {
    redis.defineCommand("keepWebhook", {
      numberOfKeys: 2,
      lua: `if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('HSET', KEYS[2], 'body', ARGV[2], 'headers', ARGV[3], 'received_at', ARGV[4])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return 1`,
    });
    const command = redis as unknown as {
      keepWebhook(...args: (string | Buffer | number)[]): Promise<number>;
    };
    return {
      async accept(id, body, headers) {
        const kept = await command.keepWebhook(
          `${tag}:seen:${id}`,
          `${tag}:event:${id}`,
          DEDUPE_SECONDS,
          body.toString("utf8"),
          JSON.stringify(headers),
          Date.now(),
        );
        if (kept !== 1) return false;
        await queue.add(
          "webhook",
          { id },
          { jobId: id, removeOnComplete: true, removeOnFail: true },
        );
        return true;
      },
      async close() {
        await queue.close();
        await redis.quit();
      },
    };
  }
  return {
    async accept(id, body) {
      const claimed = await redis.set(`${tag}:seen:${id}`, "1", "EX", DEDUPE_SECONDS, "NX");
      if (claimed !== "OK") return false;
      await queue.add(
        "webhook",
        { id, body: body.toString("utf8") },
        { jobId: id, removeOnComplete: true, removeOnFail: true },
      );
      return true;
    },
    async close() {
      await queue.close();
      await redis.quit();
    },
  };
}

/** A worker variant: `fill(count)` queues the events, `run()` processes them all. */
interface WorkerBench {
  fill(count: number): Promise<void>;
  run(count: number): Promise<number>;
  close(): Promise<void>;
}

async function startWorker(variant: RedisWorkerVariant): Promise<WorkerBench> {
  return variant === "hookwise-worker" ? hookwiseWorker() : bullmqWorker();
}

async function hookwiseWorker(): Promise<WorkerBench> {
  const hookwise = await loadHookwise();
  const ingestor = await hookwiseIngestor(hookwise);
  return {
    async fill(count) {
      await pool(50, count, async (n) => {
        const body = benchBody(n);
        const answer = await ingestor.handle({
          method: "POST",
          url: `http://127.0.0.1/webhooks/${BENCH_SOURCE}`,
          headers: {
            "content-type": "application/json",
            [BENCH_SIGNATURE_HEADER]: benchSignature(body),
          },
          body: new TextEncoder().encode(body),
          source: BENCH_SOURCE,
        });
        if (answer.status !== 202)
          throw new Error(`fill answered ${answer.status}: ${answer.body}`);
      });
    },
    run(count) {
      return new Promise((resolve) => {
        let delivered = 0;
        const started = performance.now();
        ingestor.on("delivery.succeeded", () => {
          if (++delivered === count) resolve((performance.now() - started) / 1_000);
        });
        ingestor.start();
      });
    },
    close: () => ingestor.close(),
  };
}

async function bullmqWorker(): Promise<WorkerBench> {
  const { Queue, Worker } = await import("bullmq");
  const { Redis } = await import("ioredis");
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const tag = `{${PREFIX}}`;
  const queue = new Queue("jobs", { connection, prefix: tag });
  let worker: { close(): Promise<void> } | undefined;
  return {
    async fill(count) {
      for (let start = 1; start <= count; start += 500) {
        const jobs = [];
        for (let n = start; n < Math.min(count + 1, start + 500); n++) {
          const body = benchBody(n);
          jobs.push({
            name: "webhook",
            data: { id: String(n), body },
            opts: { jobId: `evt-${n}`, removeOnComplete: true, removeOnFail: true },
          });
        }
        await queue.addBulk(jobs);
      }
    },
    run(count) {
      return new Promise((resolve) => {
        let done = 0;
        const started = performance.now();
        const running = new Worker("jobs", async () => undefined, {
          connection: connection.duplicate(),
          prefix: tag,
          concurrency: CONCURRENCY,
        });
        worker = running;
        running.on("completed", () => {
          if (++done === count) resolve((performance.now() - started) / 1_000);
        });
      });
    },
    async close() {
      await worker?.close();
      await queue.close();
      await connection.quit();
    },
  };
}

/**
 * With `BENCH_RUN_PROFILE` (a file path, set by `--cpu-prof`), a CPU profile of the worker's run
 * alone, without the fill before it.
 */
async function startRunProfile(): Promise<{ stop(): Promise<void> } | undefined> {
  const file = process.env["BENCH_RUN_PROFILE"];
  if (file === undefined) return undefined;
  const { Session } = await import("node:inspector/promises");
  const { mkdirSync, writeFileSync } = await import("node:fs");
  const { dirname } = await import("node:path");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  return {
    async stop() {
      const { profile } = await session.post("Profiler.stop");
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

async function pool(
  limit: number,
  count: number,
  task: (n: number) => Promise<void>,
): Promise<void> {
  let next = 1;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next <= count) await task(next++);
    }),
  );
}

const variant = process.argv[2] as RedisIngestVariant | RedisWorkerVariant;
if (process.send === undefined) {
  console.error("Usage: run from bench/redis-bench.ts (with IPC): redis-server.ts <variant>");
  process.exit(2);
}
if ((REDIS_INGEST_VARIANTS as readonly string[]).includes(variant)) {
  const running = await startIngest(variant as RedisIngestVariant);
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
      void running.close().finally(() => process.exit(0));
    }
  });
  process.send({ type: "ready", port: (running.server.address() as AddressInfo).port });
} else if ((REDIS_WORKER_VARIANTS as readonly string[]).includes(variant)) {
  const bench = await startWorker(variant as RedisWorkerVariant);
  process.on("message", (message: { type: string; count?: number }) => {
    void (async () => {
      if (message.type === "fill") {
        await bench.fill(message.count ?? 0);
        process.send?.({ type: "filled" });
      } else if (message.type === "run") {
        const profile = await startRunProfile();
        const cpuAtStart = process.cpuUsage();
        const seconds = await bench.run(message.count ?? 0);
        const cpu = process.cpuUsage(cpuAtStart);
        await profile?.stop();
        const result: WorkerResultMessage = {
          type: "worker-result",
          seconds,
          cpuMicros: cpu.user + cpu.system,
        };
        process.send?.(result);
      } else if (message.type === "exit") {
        await bench.close().catch(() => undefined);
        process.exit(0);
      }
    })();
  });
  process.send({ type: "ready", port: 0 });
} else {
  console.error(
    `Unknown variant ${variant}; one of ${[...REDIS_INGEST_VARIANTS, ...REDIS_WORKER_VARIANTS].join(", ")}.`,
  );
  process.exit(2);
}
