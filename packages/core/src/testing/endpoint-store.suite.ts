import type { EndpointRecord } from "../endpoints/endpoint-record.ts";
import type { EndpointStore, ListEndpointsOptions } from "../endpoints/endpoint-store.ts";
import { runConformance, type SuiteCase, type SuiteGroup } from "./conformance-harness.ts";
import { expectCode } from "./conformance-fixtures.ts";
import { endpointHealthCases } from "./endpoint-health.suite.ts";
import { endpointRecord, endpointsOf, idsOf, insertEndpoints } from "./endpoint-fixtures.ts";
import type { TestAdapterOptions } from "./test-adapter.ts";
import { listAllIds } from "./list-all.ts";
import type { TestApi } from "./test-api.ts";

/** Every id `list` pages through, in order (see {@link listAllIds}). */
function listAll(
  store: EndpointStore,
  options: ListEndpointsOptions,
  between?: () => Promise<void>,
): Promise<string[]> {
  return listAllIds((page: ListEndpointsOptions) => store.list(page), options, between);
}

/** Ids in an order no sort would produce, so the test sees insertion order. */
const SCRAMBLED = ["ep_m", "ep_c", "ep_x", "ep_a", "ep_q", "ep_b", "ep_z", "ep_k"];
const TENANT = (i: number): string => (i % 3 === 1 ? "tenant-b" : "tenant-a");

/** Writable view of a record, to check that the store shares no object with its callers. */
type Loose = Record<string, unknown> & {
  secrets: { secret: string }[];
  eventTypes: string[];
  retry: { delaysMs: number[] };
};

const cases: readonly SuiteCase[] = [
  {
    name: "endpoints: get returns what was inserted, secrets, event types and retry included",
    async run(t) {
      const store = endpointsOf(t);
      const scheduled = endpointRecord("ep_1");
      const exponential = endpointRecord("ep_2", {
        enabled: false,
        disabledReason: "gone",
        eventTypes: [],
        retry: { kind: "exponential", policy: { maxAttempts: 8, minDelayMs: 500, factor: 3 } },
      });
      await store.insert(scheduled);
      await store.insert(exponential);
      t.expect(await store.get("ep_1")).toEqual(scheduled);
      t.expect(await store.get("ep_2")).toEqual(exponential);
      t.expect(await store.get("ep_unknown")).toBeUndefined();
    },
  },
  {
    name: "endpoints: the store keeps its own copy of what was inserted and what it returned",
    async run(t) {
      const store = endpointsOf(t);
      const record = endpointRecord("ep_1");
      const original = structuredClone(record);
      await store.insert(record);
      const inserted = record as unknown as Loose;
      inserted.url = "https://mutated.example/";
      inserted.secrets[0] = { secret: "whsec_mutated" };
      inserted.eventTypes.push("mutated");
      inserted.retry.delaysMs.push(1);
      const got = (await store.get("ep_1")) as unknown as Loose;
      t.expect(got).toEqual(original);
      got.secrets.pop();
      got.retry.delaysMs.length = 0;
      const listed = (await store.listByTenant("tenant-a"))[0] as unknown as Loose | undefined;
      listed?.eventTypes.push("mutated");
      const paged = (await store.list({ limit: 10 })).records[0] as unknown as Loose | undefined;
      if (paged !== undefined) paged.description = "mutated";
      t.expect(await store.get("ep_1")).toEqual(original);
    },
  },
  {
    name: "endpoints: insert with an existing id rejects with ENDPOINT_EXISTS and keeps the first endpoint",
    async run(t) {
      const store = endpointsOf(t);
      const first = endpointRecord("ep_1");
      await store.insert(first);
      await expectCode(
        t,
        store.insert(endpointRecord("ep_1", { url: "https://b.example/" })),
        "ENDPOINT_EXISTS",
      );
      const elsewhere = endpointRecord("ep_1", { tenant: "tenant-b" });
      await expectCode(t, store.insert(elsewhere), "ENDPOINT_EXISTS");
      t.expect(await store.get("ep_1")).toEqual(first);
      t.expect(idsOf(await store.listByTenant("tenant-a"))).toEqual(["ep_1"]);
      t.expect(await store.listByTenant("tenant-b")).toEqual([]);
      t.expect(await listAll(store, { limit: 10 })).toEqual(["ep_1"]);
    },
  },
  {
    name: "endpoints: replace swaps the whole endpoint and keeps its place in the listings",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, ["ep_c", "ep_a", "ep_b"]);
      const { retry: _retry, rateLimitPerSecond: _limit, ...rest } = endpointRecord("ep_a");
      const replacement: EndpointRecord = {
        ...rest,
        url: "https://moved.example/hooks",
        eventTypes: ["invoice.paid"],
        enabled: false,
        disabledReason: "manual",
        secrets: [{ secret: "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", createdAt: 1 }],
        updatedAt: 1_767_312_000_000,
      };
      await store.replace(replacement);
      t.expect(await store.get("ep_a")).toEqual(replacement);
      const listed = await store.listByTenant("tenant-a");
      t.expect(idsOf(listed)).toEqual(["ep_c", "ep_a", "ep_b"]);
      t.expect(listed[1]).toEqual(replacement);
      t.expect(await listAll(store, { limit: 2 })).toEqual(["ep_c", "ep_a", "ep_b"]);
    },
  },
  {
    name: "endpoints: replace of an unknown id rejects with ENDPOINT_NOT_FOUND and stores nothing",
    async run(t) {
      const store = endpointsOf(t);
      await expectCode(t, store.replace(endpointRecord("ep_unknown")), "ENDPOINT_NOT_FOUND");
      t.expect(await store.get("ep_unknown")).toBeUndefined();
      t.expect(await store.listByTenant("tenant-a")).toEqual([]);
      t.expect(await store.list({ limit: 10 })).toEqual({ records: [] });
    },
  },
  {
    name: "endpoints: replace with another tenant rejects with CONFIG_INVALID and changes nothing",
    async run(t) {
      const store = endpointsOf(t);
      const record = endpointRecord("ep_1");
      await store.insert(record);
      const moved = endpointRecord("ep_1", { tenant: "tenant-b", url: "https://b.example/" });
      await expectCode(t, store.replace(moved), "CONFIG_INVALID");
      t.expect(await store.get("ep_1")).toEqual(record);
      t.expect(idsOf(await store.listByTenant("tenant-a"))).toEqual(["ep_1"]);
      t.expect(await store.listByTenant("tenant-b")).toEqual([]);
    },
  },
  {
    name: "endpoints: replace with ifUpdatedAt is a compare-and-set: of two writers from one read, exactly one lands",
    async run(t) {
      const store = endpointsOf(t);
      const record = endpointRecord("ep_1");
      await store.insert(record);
      const expected = { ifUpdatedAt: record.updatedAt };
      const results = await Promise.allSettled([
        store.replace(
          { ...record, url: "https://one.example/hooks", updatedAt: record.updatedAt + 1 },
          expected,
        ),
        store.replace(
          { ...record, url: "https://two.example/hooks", updatedAt: record.updatedAt + 1 },
          expected,
        ),
      ]);
      t.expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const [refused] = results.filter((result) => result.status === "rejected");
      t.expect(refused?.reason).toMatchObject({
        code: "ENDPOINT_CHANGED",
        status: 409,
      });
      const stored = await store.get("ep_1");
      const winner =
        results[0]?.status === "fulfilled"
          ? "https://one.example/hooks"
          : "https://two.example/hooks";
      t.expect(stored?.url).toBe(winner);
      // From a fresh read it lands; without ifUpdatedAt it always does.
      await store.replace(
        { ...record, url: "https://three.example/hooks", updatedAt: record.updatedAt + 2 },
        {
          ifUpdatedAt: record.updatedAt + 1,
        },
      );
      await store.replace({
        ...record,
        url: "https://four.example/hooks",
        updatedAt: record.updatedAt + 3,
      });
      t.expect((await store.get("ep_1"))?.url).toBe("https://four.example/hooks");
    },
  },
  {
    name: "endpoints: delete removes the endpoint and its health and resolves whether it existed",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, ["ep_1", "ep_2"]);
      const error = { code: "DELIVERY_FAILED", message: "Endpoint answered 500." };
      await store.recordOutcome("ep_1", { ok: false, at: 1_767_225_700_000, error });
      t.expect(await store.delete("ep_1")).toBe(true);
      t.expect(await store.delete("ep_1")).toBe(false);
      t.expect(await store.get("ep_1")).toBeUndefined();
      t.expect(idsOf(await store.listByTenant("tenant-a"))).toEqual(["ep_2"]);
      t.expect(await listAll(store, { limit: 10 })).toEqual(["ep_2"]);
      t.expect(await store.health("ep_1")).toEqual({ failureStreak: 0 });
      await store.insert(endpointRecord("ep_1"));
      t.expect(await store.health("ep_1")).toEqual({ failureStreak: 0 });
      t.expect(idsOf(await store.listByTenant("tenant-a"))).toEqual(["ep_2", "ep_1"]);
    },
  },
  {
    name: "endpoints: listByTenant returns only that tenant's endpoints, in insertion order",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, SCRAMBLED, TENANT);
      const ofTenant = (tenant: string): string[] =>
        SCRAMBLED.filter((_, i) => TENANT(i) === tenant);
      t.expect(idsOf(await store.listByTenant("tenant-a"))).toEqual(ofTenant("tenant-a"));
      t.expect(idsOf(await store.listByTenant("tenant-b"))).toEqual(ofTenant("tenant-b"));
      t.expect(await store.listByTenant("tenant-unknown")).toEqual([]);
      const listed = await store.listByTenant("tenant-b");
      t.expect(listed[0]).toEqual(
        endpointRecord(ofTenant("tenant-b")[0] ?? "", { tenant: "tenant-b" }),
      );
    },
  },
  {
    name: "endpoints: list pages through every tenant's endpoints in insertion order with a cursor",
    async run(t) {
      const store = endpointsOf(t);
      t.expect(await store.list({ limit: 10 })).toEqual({ records: [] });
      await insertEndpoints(t, SCRAMBLED, TENANT);
      const first = await store.list({ limit: 3 });
      t.expect(idsOf(first.records)).toEqual(SCRAMBLED.slice(0, 3));
      t.expect(first.records[1]).toEqual(endpointRecord("ep_c", { tenant: "tenant-b" }));
      t.expect(typeof first.nextCursor).toBe("string");
      t.expect(await listAll(store, { limit: 3 })).toEqual(SCRAMBLED);
      t.expect(await listAll(store, { limit: 1 })).toEqual(SCRAMBLED);
      t.expect(await listAll(store, { limit: 100 })).toEqual(SCRAMBLED);
    },
  },
  {
    name: "endpoints: paging while inserting yields no duplicate and misses no endpoint",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, SCRAMBLED, TENANT);
      let added = 0;
      const ids = await listAll(store, { limit: 3 }, async () => {
        for (let i = 0; i < 2; i++) await store.insert(endpointRecord(`ep_new_${added++}`));
      });
      t.expect(ids.slice(0, SCRAMBLED.length)).toEqual(SCRAMBLED);
      t.expect(new Set(ids).size).toBe(ids.length);
      const inserted = ids.slice(SCRAMBLED.length);
      t.expect(inserted.length).toBeGreaterThanOrEqual(2);
      t.expect(inserted).toEqual(Array.from({ length: inserted.length }, (_, i) => `ep_new_${i}`));
    },
  },
  ...endpointHealthCases,
];

/** @internal */
export const endpointStoreGroup: SuiteGroup = { title: "endpoint store", cases };

/**
 * The `EndpointStore` part of {@link testAdapter}: copies in and out, `ENDPOINT_EXISTS` and
 * `ENDPOINT_NOT_FOUND`, listings in insertion order and paging while inserting, health counted
 * atomically under 50 concurrent outcomes, probe leases, and, with `faults`, `BACKEND_UNAVAILABLE`.
 * An adapter without `endpoints` fails these tests: list them in `skip` with a reason.
 * @example
 * import * as vitest from "vitest";
 * import { createMemoryAdapter } from "@hookwise/adapter-memory";
 * import { testEndpointStore } from "@hookwise/core/testing";
 *
 * testEndpointStore(vitest, { name: "memory", time: "fake", create: ({ clock }) => createMemoryAdapter({ clock }) });
 * @category Testing
 */
export function testEndpointStore(vitest: TestApi, options: TestAdapterOptions): void {
  runConformance(vitest, options, [endpointStoreGroup]);
}
