import { hostname } from "node:os";
import { afterAll, beforeAll, expect, it } from "vitest";
import { WEBHOOK_PATH } from "../src/app.ts";
import { startChildService, type ChildService } from "./helpers/child-service.ts";
import { getTransaction, post, sampleTransaction, waitForStatus } from "./helpers/http.ts";
import {
  deleteKeys,
  describeRedis,
  readStateHash,
  REDIS_URL,
  uniquePrefix,
} from "./helpers/redis.ts";

describeRedis("two instances on one Redis behave as one service (child processes)", () => {
  const prefix = uniquePrefix("instances");
  let a: ChildService;
  let b: ChildService;

  beforeAll(async () => {
    const env = {
      REDIS_URL,
      REDIS_PREFIX: prefix,
      PROCESSING_DELAY_SECONDS: "1.5",
      // BullMQ lock and stalled check: a quarter of this each (750 ms).
      PROCESSING_STALE_TIMEOUT_SECONDS: "3",
    };
    [a, b] = await Promise.all([startChildService(env), startChildService(env)]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await deleteKeys(prefix);
  });

  it("answers on one instance for a transaction the other accepted", async () => {
    const transaction = sampleTransaction();
    const answer = await post(`${a.baseUrl}${WEBHOOK_PATH}`, transaction);
    expect(answer).toMatchObject({ status: 202, body: { acknowledged: true } });
    const seenOnB = await getTransaction(b.baseUrl, transaction.transaction_id);
    expect(seenOnB?.status).toMatch(/^(RECEIVED|PROCESSING)$/);
    await waitForStatus(b.baseUrl, transaction.transaction_id, "PROCESSED", 8_000);
    expect((await getTransaction(a.baseUrl, transaction.transaction_id))!.status).toBe("PROCESSED");
  });

  it("processes a transaction sent to both instances once, and records a conflict sent to either", async () => {
    const transaction = sampleTransaction();
    const answers = await Promise.all([
      post(`${a.baseUrl}${WEBHOOK_PATH}`, transaction),
      post(`${b.baseUrl}${WEBHOOK_PATH}`, transaction),
      post(`${b.baseUrl}${WEBHOOK_PATH}`, { ...transaction, currency: "USD" }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202]);
    const { view } = await waitForStatus(a.baseUrl, transaction.transaction_id, "PROCESSED", 8_000);
    // Whichever body won the race is the transaction; the other one is its conflict.
    expect(view.conflicts).toHaveLength(1);
    expect((await readStateHash(prefix, transaction.transaction_id))["attempts"]).toBe("1");
  });

  it("finishes on the surviving instance a transaction whose instance was killed while processing it", async () => {
    const transaction = sampleTransaction();
    await post(`${a.baseUrl}${WEBHOOK_PATH}`, transaction);
    await waitForStatus(b.baseUrl, transaction.transaction_id, "PROCESSING", 5_000);
    const runner = (await readStateHash(prefix, transaction.transaction_id))["runner"];
    const [victim, survivor] = runner === `${hostname()}:${a.pid}` ? [a, b] : [b, a];
    expect(runner).toBe(`${hostname()}:${victim.pid}`);

    await victim.kill();
    // Lock expiry (750 ms) + stalled check (750 ms) + a fresh 1.5 s attempt, with room to spare.
    const { view } = await waitForStatus(
      survivor.baseUrl,
      transaction.transaction_id,
      "PROCESSED",
      10_000,
    );
    expect(view.processed_at).not.toBeNull();
    const state = await readStateHash(prefix, transaction.transaction_id);
    expect(state["attempts"]).toBe("2");
    expect(state["runner"]).toBe(`${hostname()}:${survivor.pid}`);
  });
});
