import {
  createTransactionsSigner,
  SIGNATURE_HEADER,
} from "../src/transactions/transactions-source.ts";
import { afterEach, describe, expect, it } from "vitest";
import type { AppConfig } from "../src/config.ts";
import { describeRedis, deleteKeys, REDIS_URL, uniquePrefix } from "./helpers/redis.ts";
import { get, getTransaction, post, sampleTransaction, waitForStatus } from "./helpers/http.ts";
import {
  startService,
  type RunningService,
  type StartServiceOptions,
} from "./helpers/start-service.ts";

/** The same story on each backend (the unstorage way: one suite, a backend per call). */
function describeBackend(
  name: "memory" | "redis",
  describeFn: typeof describe,
  backendConfig: () => Partial<AppConfig>,
): void {
  describeFn(`payments transactions over HTTP on 127.0.0.1 (${name})`, () => {
    const running: RunningService[] = [];
    const prefixes: string[] = [];
    const start = async (options: StartServiceOptions = {}): Promise<RunningService> => {
      const config = { ...backendConfig(), ...options.config };
      if (config.redisUrl !== undefined) prefixes.push(config.redisPrefix!);
      const service = await startService({ ...options, config });
      running.push(service);
      return service;
    };

    afterEach(async () => {
      await Promise.all(running.splice(0).map((service) => service.close()));
      await Promise.all(prefixes.splice(0).map((prefix) => deleteKeys(prefix)));
    });

    it("acknowledges a transaction at once with 202 and processes it: RECEIVED → PROCESSING → PROCESSED", async () => {
      const { webhookUrl, baseUrl, service } = await start({ worker: false });
      const transaction = sampleTransaction();
      const answer = await post(webhookUrl, transaction);
      expect(answer.status).toBe(202);
      expect(answer.body).toEqual({
        acknowledged: true,
        transaction_id: transaction.transaction_id,
      });
      expect(answer.headers.get("x-pending-conflict")).toBeNull();

      const received = await getTransaction(baseUrl, transaction.transaction_id);
      expect(received).toMatchObject({ status: "RECEIVED", processed_at: null, conflicts: [] });
      service.ingestor.start();
      const { view, seen } = await waitForStatus(baseUrl, transaction.transaction_id, "PROCESSED");
      // RECEIVED was seen above; the worker may take the job before the first poll.
      expect(seen.filter((status) => status !== "RECEIVED")).toEqual(["PROCESSING", "PROCESSED"]);
      expect(Object.keys(view).sort()).toEqual(
        ["conflicts", "processed_at", "received_at", "status", "transaction_id"].sort(),
      );
      expect(view.received_at).toBe(received!.received_at);
      expect(Date.parse(view.processed_at!) - Date.parse(view.received_at)).toBeGreaterThanOrEqual(
        200,
      );
      expect((await service.backend.state.read(transaction.transaction_id)).attempts).toBe(1);
    });

    it("answers 503 with Retry-After, in the service's error shape, for a lookup while Redis is unreachable", async () => {
      const { baseUrl } = await start({
        config: { redisUrl: "redis://127.0.0.1:1", redisPrefix: uniquePrefix("down") },
        worker: false,
      });
      const answer = await get(`${baseUrl}/v1/transactions/tx_1`);
      expect(answer.status).toBe(503);
      expect(answer.headers.get("retry-after")).toMatch(/^\d+$/);
      expect(answer.body).toMatchObject({ error: { code: "BACKEND_UNAVAILABLE" } });
    });

    it("answers for a transaction id as long as the schema allows (200 characters)", async () => {
      const { webhookUrl, baseUrl } = await start({ worker: false });
      const transaction = sampleTransaction({ transaction_id: `tx_${"9".repeat(197)}` });
      expect((await post(webhookUrl, transaction)).status).toBe(202);
      expect(await getTransaction(baseUrl, transaction.transaction_id)).toMatchObject({
        status: "RECEIVED",
      });
    });

    it("acknowledges a duplicate the same way and does not process it again", async () => {
      const { webhookUrl, baseUrl, service } = await start();
      const transaction = sampleTransaction();
      // One while the first is still processing, one after.
      const [first, during] = await Promise.all([
        post(webhookUrl, transaction),
        post(webhookUrl, transaction),
      ]);
      await waitForStatus(baseUrl, transaction.transaction_id, "PROCESSED");
      const after = await post(webhookUrl, transaction);
      for (const answer of [first, during, after]) {
        expect(answer.status).toBe(202);
        expect(answer.body).toEqual({
          acknowledged: true,
          transaction_id: transaction.transaction_id,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 400)); // Two processing delays.
      expect((await service.backend.state.read(transaction.transaction_id)).attempts).toBe(1);
      const record = await service.ingestor.findEvent({
        source: "transactions",
        key: transaction.transaction_id,
      });
      expect(record!.deliveries.flatMap((delivery) => delivery.attempts)).toHaveLength(1);
      expect((await getTransaction(baseUrl, transaction.transaction_id))!.conflicts).toEqual([]);
    });

    it("acknowledges another payload under a known id, records the conflict once and processes the original only", async () => {
      const { webhookUrl, baseUrl, service } = await start();
      const transaction = sampleTransaction();
      await post(webhookUrl, transaction);
      const changed = { ...transaction, amount: "9999.00" };
      const answers = [await post(webhookUrl, changed), await post(webhookUrl, changed)];
      // The same values with other spacing are a duplicate, not a conflict.
      answers.push(await post(webhookUrl, JSON.stringify(transaction, null, 2)));
      for (const answer of answers) {
        expect(answer.status).toBe(202);
        expect(answer.body).toEqual({
          acknowledged: true,
          transaction_id: transaction.transaction_id,
        });
        expect(answer.headers.get("x-pending-conflict")).toBeNull();
      }
      const { view } = await waitForStatus(baseUrl, transaction.transaction_id, "PROCESSED");
      expect(view.conflicts).toHaveLength(1);
      expect(view.conflicts[0]!.payload).toEqual(changed);
      expect(Date.parse(view.conflicts[0]!.received_at)).toBeGreaterThan(
        Date.parse(view.received_at),
      );
      expect((await service.backend.state.read(transaction.transaction_id)).attempts).toBe(1);
    });

    it("marks a transaction the processor refuses FAILED", async () => {
      const { webhookUrl, baseUrl } = await start();
      const transaction = sampleTransaction({ destination_account: "acc_1001" });
      expect((await post(webhookUrl, transaction)).status).toBe(202);
      const { view } = await waitForStatus(baseUrl, transaction.transaction_id, "FAILED");
      expect(view.processed_at).toBeNull();
    });

    it("takes over an attempt stuck in PROCESSING past the stale timeout and processes it once", async () => {
      let calls = 0;
      const { webhookUrl, baseUrl, service } = await start({
        config: { processingStaleTimeoutMs: 300 },
        // The first attempt hangs and ignores its signal, like a wedged call; the next one works.
        work: () => (++calls === 1 ? new Promise<void>(() => undefined) : Promise.resolve()),
      });
      const transaction = sampleTransaction();
      await post(webhookUrl, transaction);
      const { seen } = await waitForStatus(baseUrl, transaction.transaction_id, "PROCESSED");
      expect(seen).toContain("PROCESSING");
      expect((await service.backend.state.read(transaction.transaction_id)).attempts).toBe(2);
      const record = await service.ingestor.findEvent({
        source: "transactions",
        key: transaction.transaction_id,
      });
      expect(record!.deliveries[0]!.attempts.map((attempt) => attempt.ok)).toEqual([false, true]);
      expect(record!.deliveries[0]!.attempts[0]!.error?.code).toBe("DELIVERY_FAILED");
    });

    it("answers 422 for a body that does not match, 400 for one that is not JSON, and stores nothing", async () => {
      const { webhookUrl, service } = await start();
      for (const body of [
        { source_account: "acc_1" },
        sampleTransaction({ amount: -5 }),
        sampleTransaction({ currency: "euro" }),
        sampleTransaction({ transaction_id: 42 }),
      ]) {
        const answer = await post(webhookUrl, body);
        expect(answer.status).toBe(422);
        expect(answer.body).toMatchObject({ error: { code: "PAYLOAD_INVALID" } });
      }
      expect((await post(webhookUrl, "{not json")).status).toBe(400);
      expect((await service.ingestor.listEvents({ limit: 10 })).records).toEqual([]);
    });

    it("answers 404 for a transaction it does not know", async () => {
      const { baseUrl } = await start();
      const answer = await get(`${baseUrl}/v1/transactions/tx_unknown`);
      expect(answer.status).toBe(404);
      expect(answer.body).toMatchObject({ error: { code: "TRANSACTION_NOT_FOUND" } });
    });

    it("reports its health and the backend's on GET /", async () => {
      const { baseUrl } = await start();
      const answer = await get(`${baseUrl}/`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status: "ok", backend: { adapter: name, status: "ok" } });
      if (name === "redis") {
        expect((answer.body as { backend: { latency_ms: number } }).backend.latency_ms).toBeTypeOf(
          "number",
        );
      }
    });
  });
}

describeBackend("memory", describe, () => ({}));
describeBackend("redis", describeRedis, () => ({
  redisUrl: REDIS_URL,
  redisPrefix: uniquePrefix("e2e"),
}));

describe("webhook signatures (WEBHOOK_SECRET set)", () => {
  const secret = "test-secret-0123456789abcdef";
  let running: RunningService | undefined;
  afterEach(async () => {
    await running?.close();
  });

  it("accepts x-signature: sha256=<hex> over the raw body and refuses a missing or wrong one with 401", async () => {
    running = await startService({ config: { webhookSecret: secret } });
    const body = JSON.stringify(sampleTransaction());
    const sign = async (key: string) =>
      createTransactionsSigner(key).sign({ body: new TextEncoder().encode(body), now: Date.now() });
    const signed = await sign(secret);
    expect(Object.keys(signed)).toEqual([SIGNATURE_HEADER]);
    expect(signed[SIGNATURE_HEADER]).toMatch(/^sha256=[0-9a-f]{64}$/);

    expect((await post(running.webhookUrl, body, signed)).status).toBe(202);
    const unsigned = await post(running.webhookUrl, body);
    expect(unsigned).toMatchObject({ status: 401, body: { error: { code: "SIGNATURE_MISSING" } } });
    const wrong = await post(running.webhookUrl, body, await sign("another-secret-0123456789"));
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: "SIGNATURE_MISMATCH" } } });
  });
});
