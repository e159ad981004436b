// The outbox on the Redis adapter: what a durable, shared backend adds to the memory tests. Messages
// and endpoints outlive the process that wrote them, retries wait as BullMQ delayed jobs, several
// processes deliver from one queue, and a message whose job was lost is queued again by the sweep.
import { createRedisAdapter, type RedisAdapter } from "@hookwise/adapter-redis";
import { silentLogger } from "@hookwise/core";
import { afterAll, afterEach, expect, it } from "vitest";
import { describeRedis } from "../../adapter-redis/test/helpers/describe-redis.ts";
import {
  deleteKeys,
  plainClient,
  REDIS_URL,
  uniquePrefix,
} from "../../adapter-redis/test/helpers/redis-env.ts";
import { createOutbox, exponentialRetry, type Outbox, type OutboxOptions } from "../src/index.ts";
import { eventually, settled, verifyWithStandardWebhooks } from "./helpers/outbox-fixtures.ts";
import { startReceiver } from "./helpers/receiver.ts";

const admin = plainClient();
const prefixes: string[] = [];
const opened: { outbox: Outbox; adapter: RedisAdapter }[] = [];
const cleanups: (() => Promise<void>)[] = [];

/** One process's outbox on the shared Redis `prefix` (a fresh adapter: its own connections). */
function outboxOn(prefix: string, options: Partial<OutboxOptions> = {}): Outbox {
  const adapter = createRedisAdapter({
    url: REDIS_URL,
    prefix,
    logger: silentLogger,
    // Short redelivery so a retried job does not sit a second between tries.
    redeliveryDelayMs: 20,
  });
  const outbox = createOutbox({
    adapter,
    allowPrivateNetworks: true,
    retry: exponentialRetry({ maxAttempts: 40, minDelayMs: 50, maxDelayMs: 100, factor: 1 }),
    timeoutMs: 2_000,
    logger: silentLogger,
    ...options,
  });
  opened.push({ outbox, adapter });
  return outbox;
}

function freshPrefix(name: string): string {
  const prefix = uniquePrefix(`outbox-${name}`);
  prefixes.push(prefix);
  return prefix;
}

afterEach(async () => {
  for (const { outbox, adapter } of opened.splice(0)) {
    await outbox.close();
    await adapter.close();
  }
  for (const cleanup of cleanups.splice(0)) await cleanup();
});
afterAll(async () => {
  for (const prefix of prefixes) await deleteKeys(admin, prefix);
  admin.disconnect();
});

describeRedis("the outbox on Redis", () => {
  it("keeps endpoints and messages in Redis: another process delivers what this one sent, signed with the secret it was shown", async () => {
    const prefix = freshPrefix("shared");
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const sender = outboxOn(prefix); // sends only, never started
    const { endpoint, secret } = await sender.endpoints.create({
      tenant: "acme",
      url: receiver.url,
    });
    const sent = await sender.send({
      tenant: "acme",
      type: "merchant.normalized",
      payload: { request_id: "req_1", merchant: { name: "Blue Bottle Coffee" } },
      idempotencyKey: "req_1",
    });

    const worker = outboxOn(prefix);
    worker.start();
    const message = await settled(worker, sent.id, 10_000);
    expect(message.status).toBe("delivered");
    expect(message.deliveries.map((delivery) => delivery.endpointId)).toEqual([endpoint.id]);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    if (request === undefined) throw new Error("nothing received");
    expect(
      verifyWithStandardWebhooks(secret, request.body, request.headers as Record<string, string>),
    ).toEqual({ request_id: "req_1", merchant: { name: "Blue Bottle Coffee" } });
    // The sender sees the outcome the worker recorded, and its idempotency key still holds.
    expect((await sender.findMessage("acme", "req_1"))?.status).toBe("delivered");
    const again = await sender.send({
      tenant: "acme",
      type: "merchant.normalized",
      payload: { request_id: "req_1", merchant: { name: "Blue Bottle Coffee" } },
      idempotencyKey: "req_1",
    });
    expect(again).toMatchObject({ id: sent.id, status: "duplicate" });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received).toHaveLength(1);
  });

  it("retries a receiver that is down through delayed jobs, and delivers once it is back", async () => {
    const prefix = freshPrefix("down");
    const first = await startReceiver();
    const port = first.port;
    await first.close();
    const outbox = outboxOn(prefix);
    outbox.start();
    await outbox.endpoints.create({
      tenant: "acme",
      url: `http://127.0.0.1:${String(port)}/hooks`,
    });
    const sent = await outbox.send({ tenant: "acme", type: "x", payload: { n: 1 } });
    await eventually(async () => {
      const attempts = await outbox.listAttempts(sent.id);
      return attempts.length >= 2 ? attempts : undefined;
    }, 10_000);
    // Its retry waits in the queue: no longer `queued`, so the sweep leaves it alone.
    expect((await outbox.getMessage(sent.id))?.status).toBe("processing");

    const back = await startReceiver(port);
    cleanups.push(back.close);
    const message = await settled(outbox, sent.id, 15_000);
    expect(message.status).toBe("delivered");
    const attempts = message.deliveries[0]?.attempts ?? [];
    expect(attempts[0]?.error?.code).toBe("NETWORK_ERROR");
    expect(attempts.at(-1)?.ok).toBe(true);
    expect(back.received).toHaveLength(1);
  });

  it("shares the work between processes: every message of a burst reaches every endpoint exactly once", async () => {
    const prefix = freshPrefix("scale");
    const receivers = [await startReceiver(), await startReceiver()];
    for (const receiver of receivers) cleanups.push(receiver.close);
    const workers = [outboxOn(prefix, { concurrency: 4 }), outboxOn(prefix, { concurrency: 4 })];
    for (const worker of workers) worker.start();
    const [one] = workers;
    if (one === undefined) throw new Error("no worker");
    for (const receiver of receivers)
      await one.endpoints.create({ tenant: "acme", url: receiver.url });

    const ids = await Promise.all(
      Array.from({ length: 30 }, (_, n) =>
        one.send({ tenant: "acme", type: "x", payload: { n } }).then((sent) => sent.id),
      ),
    );
    for (const id of ids) expect((await settled(one, id, 15_000)).status).toBe("delivered");
    for (const receiver of receivers) {
      const webhookIds = receiver.received.map((request) => request.headers["webhook-id"]);
      expect(new Set(webhookIds).size).toBe(30);
      expect(webhookIds).toHaveLength(30);
    }
  });

  it("keeps both of two rotations made at once by two processes: each returned secret verifies", async () => {
    const prefix = freshPrefix("rotate");
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const [one, two] = [outboxOn(prefix), outboxOn(prefix)];
    if (one === undefined || two === undefined) throw new Error("no outbox");
    const { endpoint } = await one.endpoints.create({ tenant: "acme", url: receiver.url });
    const rotations = await Promise.all([
      one.endpoints.rotateSecret(endpoint.id, { overlapMs: 60_000 }),
      two.endpoints.rotateSecret(endpoint.id, { overlapMs: 60_000 }),
    ]);
    one.start();
    const sent = await one.send({ tenant: "acme", type: "x", payload: { n: 1 } });
    expect((await settled(one, sent.id, 10_000)).status).toBe("delivered");
    const [request] = receiver.received;
    if (request === undefined) throw new Error("nothing received");
    const headers = request.headers as Record<string, string>;
    for (const { secret } of rotations)
      expect(verifyWithStandardWebhooks(secret, request.body, headers)).toEqual({ n: 1 });
  });

  it("queues again, by its sweep, a message stored whose job was lost (a crash between the intake script and BullMQ's add)", async () => {
    const prefix = freshPrefix("sweep");
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    const sender = outboxOn(prefix);
    await sender.endpoints.create({ tenant: "acme", url: receiver.url });
    const sent = await sender.send({ tenant: "acme", type: "x", payload: { lost: true } });
    // The crash window: the message is stored, its job is gone.
    const { queue } = (opened[0]?.adapter ?? raise("no adapter")).bullmq;
    await queue.drain(true);
    expect(await queue.getJobCounts("waiting", "delayed", "prioritized")).toEqual({
      waiting: 0,
      delayed: 0,
      prioritized: 0,
    });

    const worker = outboxOn(prefix, { sweepIntervalMs: 200 });
    worker.start();
    const message = await settled(worker, sent.id, 10_000);
    expect(message.status).toBe("delivered");
    expect(receiver.received.map((request) => JSON.parse(request.body) as unknown)).toEqual([
      { lost: true },
    ]);
  });
});

function raise(message: string): never {
  throw new Error(message);
}
