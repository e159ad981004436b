import type { EndpointOutcome } from "../endpoints/endpoint-store.ts";
import type { SuiteCase, SuiteTest } from "./conformance-harness.ts";
import { expectCode } from "./conformance-fixtures.ts";
import { endpointRecord, endpointsOf, insertEndpoints } from "./endpoint-fixtures.ts";
import type { TestAdapterOptions } from "./test-adapter.ts";

const AT = 1_767_225_700_000;
const NO_FAULTS = (options: TestAdapterOptions): string | undefined =>
  options.faults === undefined ? "no `faults` hooks given" : undefined;

function failure(at: number, message = `Endpoint answered 503 at ${at}.`): EndpointOutcome {
  return { ok: false, at, error: { code: "DELIVERY_FAILED", message } };
}

/** A probe lease the suite can wait out: long on a fake clock, short on the real one. */
function leaseMs(t: SuiteTest): number {
  return t.options.time === "real" ? 200 : 30_000;
}

function claim(t: SuiteTest, id = "ep_1"): Promise<boolean> {
  return endpointsOf(t).claimProbe(id, t.time.now(), leaseMs(t));
}

/** The health and probe part of the endpoint store suite. @internal */
export const endpointHealthCases: readonly SuiteCase[] = [
  {
    name: "endpoints: health before any outcome is { failureStreak: 0 }",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, ["ep_1"]);
      t.expect(await store.health("ep_1")).toEqual({ failureStreak: 0 });
      t.expect(await store.health("ep_unknown")).toEqual({ failureStreak: 0 });
    },
  },
  {
    name: "endpoints: a failure adds one to the streak and records when and why",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, ["ep_1", "ep_2"]);
      const first = failure(AT);
      const expected = { failureStreak: 1, lastFailureAt: AT, lastError: first.error };
      t.expect(await store.recordOutcome("ep_1", first)).toEqual(expected);
      t.expect(await store.health("ep_1")).toEqual(expected);
      const second = failure(AT + 1_000, "Connection refused.");
      t.expect(await store.recordOutcome("ep_1", second)).toEqual({
        failureStreak: 2,
        lastFailureAt: AT + 1_000,
        lastError: second.error,
      });
      t.expect(await store.health("ep_2")).toEqual({ failureStreak: 0 });
    },
  },
  {
    name: "endpoints: a success resets the streak and keeps lastFailureAt",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, ["ep_1"]);
      await store.recordOutcome("ep_1", failure(AT));
      await store.recordOutcome("ep_1", failure(AT + 1_000));
      const healed = { failureStreak: 0, lastFailureAt: AT + 1_000, lastSuccessAt: AT + 2_000 };
      t.expect(await store.recordOutcome("ep_1", { ok: true, at: AT + 2_000 })).toMatchObject(
        healed,
      );
      t.expect(await store.health("ep_1")).toMatchObject(healed);
      t.expect(await store.recordOutcome("ep_1", failure(AT + 3_000))).toMatchObject({
        failureStreak: 1,
        lastFailureAt: AT + 3_000,
        lastSuccessAt: AT + 2_000,
      });
    },
  },
  {
    name: "endpoints: of 50 concurrent failures none is lost, and each sees its own count",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, ["ep_1"]);
      const after = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.recordOutcome("ep_1", failure(AT + i))),
      );
      t.expect((await store.health("ep_1")).failureStreak).toBe(50);
      const streaks = after.map((health) => health.failureStreak).sort((a, b) => a - b);
      t.expect(streaks).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    },
  },
  {
    name: "endpoints: recordOutcome and claimProbe of an unknown id reject with ENDPOINT_NOT_FOUND",
    async run(t) {
      const store = endpointsOf(t);
      await insertEndpoints(t, ["ep_1"]);
      await store.delete("ep_1");
      for (const id of ["ep_1", "ep_unknown"]) {
        await expectCode(t, store.recordOutcome(id, failure(AT)), "ENDPOINT_NOT_FOUND");
        await expectCode(t, claim(t, id), "ENDPOINT_NOT_FOUND");
        t.expect(await store.health(id)).toEqual({ failureStreak: 0 });
      }
      await store.insert(endpointRecord("ep_1"));
      t.expect(await store.health("ep_1")).toEqual({ failureStreak: 0 });
    },
  },
  {
    name: "endpoints: of 20 concurrent claimProbe calls exactly one gets true",
    async run(t) {
      await insertEndpoints(t, ["ep_1", "ep_2"]);
      const claims = await Promise.all(Array.from({ length: 20 }, () => claim(t)));
      t.expect(claims.filter(Boolean)).toHaveLength(1);
      t.expect(await claim(t, "ep_2")).toBe(true);
      t.expect(await claim(t)).toBe(false);
    },
  },
  {
    name: "endpoints: claimProbe answers false until leaseMs has passed, then true again",
    async run(t) {
      await insertEndpoints(t, ["ep_1"]);
      const since = t.time.now();
      t.expect(await claim(t)).toBe(true);
      await t.time.around(
        since,
        leaseMs(t),
        "the probe lease ends",
        async () => t.expect(await claim(t)).toBe(false),
        () => claim(t),
      );
      t.expect(await claim(t)).toBe(false);
    },
  },
  {
    name: "endpoints: with the backend broken, endpoint calls reject with BACKEND_UNAVAILABLE",
    unless: NO_FAULTS,
    async run(t) {
      const store = endpointsOf(t);
      const record = endpointRecord("ep_1");
      await store.insert(record);
      await t.breakBackend();
      try {
        await Promise.all([
          expectCode(t, store.insert(endpointRecord("ep_2")), "BACKEND_UNAVAILABLE"),
          expectCode(t, store.get("ep_1"), "BACKEND_UNAVAILABLE"),
          expectCode(t, store.replace(record), "BACKEND_UNAVAILABLE"),
          expectCode(t, store.listByTenant("tenant-a"), "BACKEND_UNAVAILABLE"),
          expectCode(t, store.list({ limit: 10 }), "BACKEND_UNAVAILABLE"),
          expectCode(t, store.health("ep_1"), "BACKEND_UNAVAILABLE"),
          expectCode(t, store.recordOutcome("ep_1", failure(AT)), "BACKEND_UNAVAILABLE"),
          expectCode(t, claim(t), "BACKEND_UNAVAILABLE"),
          expectCode(t, store.delete("ep_1"), "BACKEND_UNAVAILABLE"),
        ]);
      } finally {
        await t.restoreBackend();
      }
      t.expect(await store.get("ep_1")).toEqual(record);
      t.expect(await store.get("ep_2")).toBeUndefined();
      t.expect(await store.health("ep_1")).toEqual({ failureStreak: 0 });
    },
  },
];
