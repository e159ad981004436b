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
  type SignedWebhook,
} from "../helpers/processes.ts";
import { deleteKeys, plainClient, REDIS_URL, uniquePrefix } from "../helpers/redis-env.ts";

const DISTINCT = 2_000;
const DUPLICATES = 200;

// Two ingest processes and two worker processes on one Redis. Every distinct event must reach the
// receiver; no duplicate may be accepted twice (exactly DISTINCT answers 202, DUPLICATES answer 200).
describeRedis("fault: scale-out, 2 ingest + 2 worker processes on one Redis", () => {
  const prefix = uniquePrefix("scale-out");
  let receiver: Receiver;
  const processes: HookwiseProcess[] = [];

  beforeAll(async () => {
    receiver = await startReceiver();
    const env = { redisUrl: REDIS_URL, prefix, receiverUrl: receiver.url };
    processes.push(
      ...(await Promise.all([
        startProcess("ingest", env),
        startProcess("ingest", env),
        startProcess("worker", env),
        startProcess("worker", env),
      ])),
    );
  }, 30_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await receiver.close();
    const client = plainClient();
    await deleteKeys(client, prefix);
    client.disconnect();
  });

  it(`${DISTINCT} distinct events and ${DUPLICATES} duplicates, sent concurrently to both ingest processes`, async () => {
    const [ingestA, ingestB] = processes;
    const webhooks = await Promise.all(
      Array.from({ length: DISTINCT }, (_, i) => signedWebhook(`evt_${i}`)),
    );
    // Each duplicate goes to the other ingest process, sent right beside its original.
    // A 503 (Redis slower than the ingest deadline on a loaded machine) is retried, as providers do.
    let retried503 = 0;
    const sendAsProvider = async (port: number, webhook: SignedWebhook): Promise<number> => {
      for (let attempt = 1; ; attempt++) {
        const status = await send(port, webhook);
        if (status !== 503 || attempt === 20) return status;
        retried503++;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    };
    const sends: (() => Promise<number>)[] = [];
    webhooks.forEach((webhook, i) => {
      const [here, there] = i % 2 === 0 ? [ingestA!, ingestB!] : [ingestB!, ingestA!];
      sends.push(() => sendAsProvider(here.port, webhook));
      if (i % (DISTINCT / DUPLICATES) === 0) sends.push(() => sendAsProvider(there.port, webhook));
    });
    const started = Date.now();
    const statuses = await pool(64, sends);
    const ackMs = Date.now() - started;
    const answered = (status: number): number => statuses.filter((s) => s === status).length;
    expect({ accepted: answered(202), duplicates: answered(200) }).toEqual({
      accepted: DISTINCT,
      duplicates: DUPLICATES,
    });
    await until(
      "every distinct event is delivered",
      () => receiver.counts.size === DISTINCT,
      40_000,
    );
    const deliveredMs = Date.now() - started;
    const redeliveries = receiver.total() - receiver.counts.size;
    console.info(
      `[scale-out] ${sends.length} requests acked in ${ackMs} ms (${retried503} 503s retried); ${DISTINCT} events delivered in ${deliveredMs} ms; redeliveries: ${redeliveries}`,
    );
    expect(processes.every((p) => !p.exited())).toBe(true);
  }, 60_000);
});
