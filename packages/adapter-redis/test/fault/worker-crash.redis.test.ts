import { afterAll, beforeAll, expect, it } from "vitest";
import { describeRedis } from "../helpers/describe-redis.ts";
import {
  pool,
  send,
  signedWebhook,
  startProcess,
  startReceiver,
  until,
  type HookwiseProcess,
  type Receiver,
} from "../helpers/processes.ts";
import { deleteKeys, plainClient, REDIS_URL, uniquePrefix } from "../helpers/redis-env.ts";

const EVENTS = 400;

// A worker process is SIGKILLed in the middle of deliveries: no drain, no ack, its locks left to
// expire. Every accepted event must still be delivered, by the other worker.
describeRedis("fault: a worker killed with SIGKILL mid-deliveries", () => {
  const prefix = uniquePrefix("crash");
  let receiver: Receiver;
  let ingest: HookwiseProcess;
  let doomed: HookwiseProcess;
  let survivor: HookwiseProcess;

  beforeAll(async () => {
    receiver = await startReceiver();
    const env = { redisUrl: REDIS_URL, prefix, receiverUrl: receiver.url };
    [ingest, doomed] = await Promise.all([
      startProcess("ingest", env),
      startProcess("worker", env),
    ]);
    survivor = await startProcess("worker", env);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([ingest, doomed, survivor].map((p) => p.stop()));
    await receiver.close();
    const client = plainClient();
    await deleteKeys(client, prefix);
    client.disconnect();
  });

  it("every accepted event is delivered by the other worker", async () => {
    const webhooks = await Promise.all(
      Array.from({ length: EVENTS }, (_, i) => signedWebhook(`evt_${i}`)),
    );
    const sending = pool(
      16,
      webhooks.map((webhook) => () => send(ingest.port, webhook)),
    );
    await until("deliveries are under way", () => receiver.counts.size >= 40, 20_000);
    doomed.child.kill("SIGKILL");
    const killedAt = receiver.counts.size;
    const statuses = await sending;
    const accepted = webhooks.filter((_, i) => statuses[i] === 202).map((webhook) => webhook.id);
    expect(accepted).toHaveLength(EVENTS);
    await until(
      "every accepted event is delivered",
      () => accepted.every((id) => receiver.counts.has(id)),
      30_000,
    );
    const redeliveries = receiver.total() - receiver.counts.size;
    console.info(
      `[crash] killed a worker after ${killedAt}/${EVENTS} deliveries; all ${EVENTS} delivered; redeliveries: ${redeliveries}`,
    );
    expect(doomed.exited() && !survivor.exited() && !ingest.exited()).toBe(true);
  }, 60_000);
});
