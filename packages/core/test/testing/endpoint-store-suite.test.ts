import * as vitest from "vitest";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import {
  BackendUnavailableError,
  ConfigurationError,
  EndpointChangedError,
  EndpointExistsError,
  EndpointNotFoundError,
  silentLogger,
  type Adapter,
  type EndpointHealth,
  type EndpointRecord,
  type EndpointStore,
} from "../../src/index.ts";
import { testEndpointStore } from "../../src/testing/index.ts";
import type { TestAdapterOptions } from "../../src/testing/test-adapter.ts";
import type { TestApi, TestFn } from "../../src/testing/test-api.ts";

// The `endpoints:` cases must catch a store that breaks the contract: each case is run against a
// reference store and against copies of it with one flaw each. The reference passes every case,
// every flaw fails at least one, and every case is failed by at least one flaw.

const FLAWS = [
  "drops-retry",
  "shares-on-get",
  "shares-on-insert",
  "duplicate-overwrites",
  "replace-merges",
  "replace-moves-to-end",
  "replace-upserts",
  "replace-any-tenant",
  "replace-ignores-if-updated-at",
  "delete-keeps-health",
  "delete-always-true",
  "tenant-ignored",
  "cursor-skips-one",
  "paging-snapshot",
  "health-default-empty",
  "failure-forgets-error",
  "success-forgets-failure",
  "outcome-not-atomic",
  "outcome-creates-health",
  "probe-not-atomic",
  "probe-never-expires",
  "ignores-broken-backend",
] as const;
type Flaw = (typeof FLAWS)[number];

interface Entry {
  seq: number;
  record: EndpointRecord;
  health: EndpointHealth;
  probeUntil: number;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A correct endpoint store, unless told one flaw. */
function referenceStore(flaw?: Flaw): EndpointStore {
  const entries = new Map<string, Entry>();
  const shared = new Map<string, EndpointRecord>();
  const graveyard = new Map<string, EndpointHealth>();
  let seq = 0;
  const has = (f: Flaw): boolean => flaw === f;
  const out = (record: EndpointRecord): EndpointRecord => {
    const copy = structuredClone(record);
    if (has("drops-retry")) delete (copy as { retry?: unknown }).retry;
    return copy;
  };
  const known = (id: string): Entry => {
    const entry = entries.get(id);
    if (entry === undefined) throw new EndpointNotFoundError();
    return entry;
  };
  const page = (after: number, limit: number, until = Infinity) => {
    const found = [...entries.values()].filter((e) => e.seq > after && e.seq <= until);
    const records = found.slice(0, limit);
    const last = records.at(-1)?.seq ?? 0;
    const next = has("cursor-skips-one") ? last + 1 : last;
    const cursor = has("paging-snapshot") ? `${next}.${Math.min(until, seq)}` : String(next);
    return found.length > limit
      ? { records: records.map((e) => out(e.record)), nextCursor: cursor }
      : { records: records.map((e) => out(e.record)) };
  };
  const insert = async (record: EndpointRecord): Promise<void> => {
    if (entries.has(record.id) && !has("duplicate-overwrites")) throw new EndpointExistsError();
    const copy = has("shares-on-insert") ? record : structuredClone(record);
    const health = graveyard.get(record.id) ?? { failureStreak: 0 };
    entries.set(record.id, { seq: ++seq, record: copy, health, probeUntil: 0 });
  };
  return {
    insert,
    async get(id) {
      const entry = entries.get(id);
      if (entry === undefined) return undefined;
      if (has("shares-on-get")) {
        const first = shared.get(id) ?? out(entry.record);
        shared.set(id, first);
        return first;
      }
      return out(entry.record);
    },
    async replace(record, options) {
      const entry = entries.get(record.id);
      if (entry === undefined) {
        if (has("replace-upserts")) return insert(record);
        throw new EndpointNotFoundError();
      }
      if (entry.record.tenant !== record.tenant && !has("replace-any-tenant"))
        throw new ConfigurationError("tenant");
      const expected = options?.ifUpdatedAt;
      if (
        expected !== undefined &&
        entry.record.updatedAt !== expected &&
        !has("replace-ignores-if-updated-at")
      )
        throw new EndpointChangedError();
      entry.record = has("replace-merges")
        ? { ...entry.record, ...record }
        : structuredClone(record);
      if (has("replace-moves-to-end")) {
        entries.delete(record.id);
        entries.set(record.id, { ...entry, seq: ++seq });
      }
    },
    async delete(id) {
      const entry = entries.get(id);
      if (entry !== undefined && has("delete-keeps-health")) graveyard.set(id, entry.health);
      return entries.delete(id) || has("delete-always-true");
    },
    async listByTenant(tenant) {
      const all = [...entries.values()].filter(
        (e) => has("tenant-ignored") || e.record.tenant === tenant,
      );
      return all.map((e) => out(e.record));
    },
    async list({ limit, cursor }) {
      const [after = "0", until] = (cursor ?? "0").split(".");
      return page(Number(after), limit, until === undefined ? Infinity : Number(until));
    },
    async health(id) {
      if (has("health-default-empty") && entries.get(id)?.health.failureStreak === 0)
        return {} as EndpointHealth;
      return { ...(entries.get(id)?.health ?? graveyard.get(id) ?? { failureStreak: 0 }) };
    },
    async recordOutcome(id, outcome) {
      const entry = has("outcome-creates-health") ? entries.get(id) : known(id);
      const current = entry?.health ?? { failureStreak: 0 };
      if (has("outcome-not-atomic")) await tick();
      const next: EndpointHealth = outcome.ok
        ? has("success-forgets-failure")
          ? { failureStreak: 0, lastSuccessAt: outcome.at }
          : { ...current, failureStreak: 0, lastSuccessAt: outcome.at }
        : {
            ...current,
            failureStreak: current.failureStreak + 1,
            lastFailureAt: outcome.at,
            ...(!has("failure-forgets-error") &&
              outcome.error !== undefined && { lastError: outcome.error }),
          };
      if (entry !== undefined) entry.health = next;
      return { ...next };
    },
    async claimProbe(id, now, leaseMs) {
      const entry = known(id);
      const free = now >= entry.probeUntil;
      if (has("probe-not-atomic")) await tick();
      if (!free) return false;
      entry.probeUntil = has("probe-never-expires") ? Infinity : now + leaseMs;
      return true;
    },
  };
}

interface Registered {
  readonly name: string;
  readonly fn: TestFn;
}

/** Registers the endpoint cases on a recording runner and runs each; resolves the names that failed. */
async function failuresOf(endpoints: (() => EndpointStore) | undefined, flaw?: Flaw) {
  const tests: Registered[] = [];
  const hooks: { before: TestFn[]; after: TestFn[] } = { before: [], after: [] };
  const api: TestApi = {
    describe: (_name, fn) => fn(),
    it: Object.assign((name: string, fn: TestFn) => void tests.push({ name, fn }), {
      skip: (name: string) => {
        throw new Error(`No case may be skipped here: ${name}`);
      },
    }),
    expect: (actual) => vitest.expect(actual),
    beforeEach: (fn) => void hooks.before.push(fn),
    afterEach: (fn) => void hooks.after.push(fn),
  };
  const backend = { broken: false };
  const options: TestAdapterOptions = {
    name: "reference",
    time: "fake",
    create: ({ clock }) =>
      adapterWith(createMemoryAdapter({ clock, logger: silentLogger }), endpoints, backend, flaw),
    faults: {
      breakBackend: async () => void (backend.broken = true),
      restoreBackend: async () => void (backend.broken = false),
    },
  };
  testEndpointStore(api, options);
  const failed = new Map<string, string>();
  for (const test of tests) {
    for (const hook of hooks.before) await hook();
    try {
      await test.fn();
    } catch (error) {
      failed.set(test.name, error instanceof Error ? error.message : String(error));
    } finally {
      for (const hook of hooks.after) await hook();
    }
  }
  return { names: tests.map((test) => test.name), failed };
}

function adapterWith(
  adapter: Adapter,
  endpoints: (() => EndpointStore) | undefined,
  backend: { broken: boolean },
  flaw: Flaw | undefined,
): Adapter {
  const { endpoints: _memory, ...rest } = adapter;
  if (endpoints === undefined) return rest;
  const store = endpoints();
  if (flaw === "ignores-broken-backend") return { ...rest, endpoints: store };
  const guarded = Object.fromEntries(
    Object.entries(store).map(([name, fn]) => [
      name,
      (...args: unknown[]) =>
        backend.broken
          ? Promise.reject(new BackendUnavailableError())
          : (fn as (...a: unknown[]) => Promise<unknown>).apply(store, args),
    ]),
  ) as unknown as EndpointStore;
  return { ...rest, endpoints: guarded };
}

vitest.describe("the endpoints: conformance cases", () => {
  vitest.it("pass for a correct store", async () => {
    const { names, failed } = await failuresOf(() => referenceStore());
    vitest.expect(names.length).toBeGreaterThan(15);
    vitest.expect(Object.fromEntries(failed)).toEqual({});
  });

  vitest.it("each fail for at least one flawed store, and each flaw is caught", async () => {
    const caught = new Map<string, Flaw[]>();
    const uncaught: Flaw[] = [];
    let all: string[] = [];
    for (const flaw of FLAWS) {
      const { names, failed } = await failuresOf(() => referenceStore(flaw), flaw);
      all = names;
      if (failed.size === 0) uncaught.push(flaw);
      for (const name of failed.keys()) caught.set(name, [...(caught.get(name) ?? []), flaw]);
    }
    vitest.expect(uncaught).toEqual([]);
    vitest.expect(all.filter((name) => !caught.has(name))).toEqual([]);
  });

  vitest.it("each fail with a clear message for an adapter without endpoints", async () => {
    const { names, failed } = await failuresOf(undefined);
    vitest.expect(failed.size).toBe(names.length);
    for (const message of failed.values())
      vitest.expect(message).toContain("`adapter.endpoints` is undefined");
  });
});
