import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "@hookwise/core";
import { createRedisAdapter, type RedisAdapter } from "@hookwise/adapter-redis";
import type { Redis } from "ioredis";
import { describeRedis } from "./helpers/describe-redis.ts";
import { intakeRequest } from "./helpers/fixtures.ts";
import { deleteKeys, plainClient, REDIS_URL, uniquePrefix } from "./helpers/redis-env.ts";

describeRedis("retention and memory per event", () => {
  const prefix = uniquePrefix("retention");
  const tag = `{${prefix}}`;
  let adapter: RedisAdapter;
  let admin: Redis;

  beforeAll(() => {
    admin = plainClient();
    adapter = createRedisAdapter({
      url: REDIS_URL,
      prefix,
      logger: silentLogger,
      eventTtlMs: 60_000,
    });
  });

  afterAll(async () => {
    await adapter.close();
    await deleteKeys(admin, prefix);
    admin.disconnect();
  });

  it("a settled record expires after eventTtlMs; one back in progress does not", async () => {
    await adapter.intake.accept(intakeRequest("evt-1"));
    expect(await admin.pttl(`${tag}:event:evt-1`)).toBe(-1);
    await adapter.events.setStatus("evt-1", "delivered", Date.now());
    const ttl = await admin.pttl(`${tag}:event:evt-1`);
    expect(ttl).toBeGreaterThan(59_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    await adapter.events.setStatus("evt-1", "processing", Date.now());
    expect(await admin.pttl(`${tag}:event:evt-1`)).toBe(-1);
    expect(await admin.pttl(`${tag}:key:acme:evt-1`)).toBeGreaterThan(259_000_000);
  });

  /** Runs `check` on an adapter whose settled records expire after 50 ms, with `id` already expired. */
  async function afterExpiry(id: string, check: (short: RedisAdapter) => Promise<void>) {
    const short = createRedisAdapter({
      url: REDIS_URL,
      prefix,
      logger: silentLogger,
      eventTtlMs: 50,
    });
    try {
      await short.intake.accept(intakeRequest(id));
      await short.events.setStatus(id, "delivered", Date.now());
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await admin.exists(`${tag}:event:${id}`)).toBe(0);
      await check(short);
    } finally {
      await short.close();
    }
  }

  it("index entries of expired records are pruned", async () => {
    await afterExpiry("evt-2", async (short) => {
      await short.intake.accept(intakeRequest("evt-3"));
      expect(await admin.zscore(`${tag}:index:all`, "evt-2")).toBeNull();
      expect(await admin.zscore(`${tag}:index:delivered`, "evt-2")).toBeNull();
      expect((await short.events.list({ limit: 10, status: "delivered" })).records).toEqual([]);
    });
  });

  it("a record stored again under an expired record's id is kept, and leaves no expiry entry behind", async () => {
    await afterExpiry("evt-4", async (short) => {
      await short.events.insert(intakeRequest("evt-4").record);
      // A due entry whose record exists is never pruned: it would take one of prune's slots forever.
      expect(await admin.zscore(`${tag}:index:expiring`, "evt-4")).toBeNull();
      expect(await admin.pttl(`${tag}:event:evt-4`)).toBe(-1);
      expect((await short.events.get("evt-4"))?.status).toBe("queued");
    });
  });

  it("a record stored again under an expired record's id is listed under its status now, not the old one", async () => {
    await afterExpiry("evt-5", async (short) => {
      await short.events.insert(intakeRequest("evt-5").record);
      const ids = async (status: "queued" | "delivered") =>
        (await short.events.list({ limit: 10, status })).records.map((record) => record.id);
      expect(await ids("delivered")).not.toContain("evt-5");
      expect(await ids("queued")).toContain("evt-5");
      const summaries = await short.events.listSummaries({ limit: 10, status: "delivered" });
      expect(summaries.records.map((record) => record.id)).not.toContain("evt-5");
      // The stale entry was dropped by the listing.
      expect(await admin.zscore(`${tag}:index:delivered`, "evt-5")).toBeNull();
    });
  });

  it("one list call looks at a bounded number of index entries of expired records; paging still reaches the records after them", async () => {
    const own = uniquePrefix("retention-scan");
    const ownTag = `{${own}}`;
    const scanned = createRedisAdapter({ url: REDIS_URL, prefix: own, logger: silentLogger });
    try {
      // What a burst of settled records leaves once they expired, before pruning caught up: 2,500
      // index entries without a record, older than the one live record.
      const gone = Array.from({ length: 2_500 }, (_, i) => [i + 1, `gone-${i}`] as const);
      await admin.zadd(`${ownTag}:index:all`, ...gone.flat());
      await admin.set(`${ownTag}:seq`, String(gone.length));
      await scanned.events.insert(intakeRequest("evt-live").record);

      const first = await scanned.events.list({ limit: 10 });
      expect(first.records).toEqual([]);
      expect(first.nextCursor).toBeDefined();
      const ids: string[] = [];
      let cursor = first.nextCursor;
      let pages = 1;
      while (cursor !== undefined) {
        const page = await scanned.events.listSummaries({ limit: 10, cursor });
        ids.push(...page.records.map((record) => record.id));
        cursor = page.nextCursor;
        pages++;
      }
      expect(ids).toEqual(["evt-live"]);
      expect(pages).toBe(3);
      expect(await admin.zcard(`${ownTag}:index:all`)).toBe(1);
    } finally {
      await scanned.close();
      await deleteKeys(admin, own);
    }
  });

  it("bytes kept per event: a 2 KB webhook with typical headers (MEMORY USAGE)", async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `evt-mem-${i}`);
    for (const id of ids) await adapter.intake.accept(intakeRequest(id));
    const usage = async (key: string): Promise<number> =>
      Number(await admin.call("MEMORY", "USAGE", key, "SAMPLES", "0"));
    const record =
      (await Promise.all(ids.map((id) => usage(`${tag}:event:${id}`)))).reduce((a, b) => a + b) /
      ids.length;
    const claim =
      (await Promise.all(ids.map((id) => usage(`${tag}:key:acme:${id}`)))).reduce((a, b) => a + b) /
      ids.length;
    // Index entries: one in `index:all`, one in `index:<status>` (skiplist node + dict entry + id).
    const before = await usage(`${tag}:index:all`);
    console.info(
      `[bytes per event] record ${Math.round(record)} B, idempotency key ${Math.round(claim)} B, index:all total ${before} B for ${ids.length + 4} ids`,
    );
    // jemalloc rounds the 2 KB body up to its 2.5 KB size class: most of the overhead is that.
    expect(record).toBeLessThan(2_048 + 1_700);
    expect(claim).toBeLessThan(400);
  });
});
