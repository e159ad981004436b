import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeRedis } from "../helpers/describe-redis.ts";
import {
  freePort,
  send,
  signedWebhook,
  startProcess,
  startReceiver,
  until,
  type HookwiseProcess,
  type Receiver,
} from "../helpers/processes.ts";
import { plainClient } from "../helpers/redis-env.ts";

/** A redis-server of the test's own: AOF fsynced on every write, so a 202 survives the restart. */
async function startRedis(port: number, dir: string): Promise<ChildProcess> {
  const server = spawn(
    "redis-server",
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      "yes",
      "--appendfsync",
      "always",
    ],
    { stdio: "ignore" },
  );
  const client = plainClient(`redis://127.0.0.1:${port}`);
  try {
    await until("the test Redis answers", () => client.status === "ready", 10_000);
  } finally {
    client.disconnect();
  }
  return server;
}

async function stopRedis(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null) return;
  const exited = new Promise((resolve) => server.once("exit", resolve));
  server.kill("SIGTERM");
  await exited;
}

// Redis stopped and restarted under a stream of webhooks: 503s while it is down, every 202 delivered
// after, and no hookwise process exits.
describeRedis("fault: Redis stopped and restarted during a stream of webhooks", () => {
  let dir: string;
  let port: number;
  let redis: ChildProcess;
  let receiver: Receiver;
  let ingest: HookwiseProcess;
  let worker: HookwiseProcess;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "hookwise-outage-"));
    port = await freePort();
    redis = await startRedis(port, dir);
    receiver = await startReceiver();
    const env = {
      redisUrl: `redis://127.0.0.1:${port}`,
      prefix: "outage",
      receiverUrl: receiver.url,
    };
    [ingest, worker] = await Promise.all([
      startProcess("ingest", env),
      startProcess("worker", env),
    ]);
  }, 30_000);

  afterAll(async () => {
    await Promise.all([ingest?.stop(), worker?.stop()]);
    await receiver?.close();
    if (redis !== undefined) await stopRedis(redis);
    await rm(dir, { recursive: true, force: true });
  });

  it("answers 503 while Redis is down, loses no 202, recovers fully", async () => {
    const statuses = new Map<string, number>();
    let phase: "before" | "down" | "after" = "before";
    const during = { before: [] as number[], down: [] as number[], after: [] as number[] };
    let stop = false;
    let n = 0;
    const stream = (async () => {
      const senders = Array.from({ length: 4 }, async () => {
        while (!stop) {
          const webhook = await signedWebhook(`evt_${n++}`);
          const current = phase;
          const status = await send(ingest.port, webhook);
          statuses.set(webhook.id, status);
          during[current].push(status);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      });
      await Promise.all(senders);
    })();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    phase = "down";
    await stopRedis(redis);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    redis = await startRedis(port, dir);
    phase = "after";
    await until(
      "intake accepts again",
      () => during.after.filter((s) => s === 202).length >= 50,
      15_000,
    );
    stop = true;
    await stream;

    const accepted = [...statuses].filter(([, status]) => status === 202).map(([id]) => id);
    await until(
      "every 202 is delivered",
      () => accepted.every((id) => receiver.counts.has(id)),
      30_000,
    );
    const count = (list: number[], status: number): number =>
      list.filter((s) => s === status).length;
    console.info(
      `[outage] before: ${count(during.before, 202)}×202; down: ${count(during.down, 503)}×503, ${count(during.down, 202)}×202; after: ${count(during.after, 202)}×202; ${accepted.length} accepted, all delivered, redeliveries ${receiver.total() - receiver.counts.size}`,
    );
    expect(count(during.down, 503)).toBeGreaterThan(0);
    expect(during.down.every((status) => status === 503 || status === 202)).toBe(true);
    expect([...statuses.values()].every((status) => [202, 503].includes(status))).toBe(true);
    expect(ingest.exited() || worker.exited()).toBe(false);
  }, 60_000);
});
