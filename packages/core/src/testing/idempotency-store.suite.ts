import type { ClaimOptions, ClaimResult } from "../idempotency/idempotency-store.ts";
import {
  runConformance,
  type SuiteCase,
  type SuiteGroup,
  type SuiteTest,
} from "./conformance-harness.ts";
import type { TestAdapterOptions } from "./test-adapter.ts";
import type { TestApi } from "./test-api.ts";

const KEY = "acme:evt_1";
const FP_A = "fingerprint-a";
const FP_B = "fingerprint-b";

function claimOptions(t: SuiteTest): ClaimOptions {
  return { ttlMs: t.time.ttlMs, staleAfterMs: t.time.staleAfterMs };
}

function claim(t: SuiteTest, fingerprint = FP_A, key = KEY): Promise<ClaimResult> {
  return t.adapter.idempotency.claim(key, fingerprint, claimOptions(t));
}

async function claimNew(t: SuiteTest, fingerprint = FP_A, key = KEY): Promise<string> {
  const result = await claim(t, fingerprint, key);
  t.expect(result.outcome).toBe("new");
  return result.outcome === "new" ? result.token : "";
}

async function outcome(t: SuiteTest, fingerprint = FP_A, key = KEY): Promise<string> {
  return (await claim(t, fingerprint, key)).outcome;
}

/** Waits out `staleAfterMs` from `since` and takes the claim over; resolves with the new token. */
async function takeOver(t: SuiteTest, since: number): Promise<string> {
  let token = "";
  await t.time.around(
    since,
    t.time.staleAfterMs,
    "a stale claim can be taken over",
    async () => t.expect(await outcome(t)).toBe("in_flight"),
    async () => {
      const result = await claim(t);
      if (result.outcome === "new") token = result.token;
      return result.outcome === "new";
    },
  );
  return token;
}

function countOutcomes(results: readonly ClaimResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const result of results) counts[result.outcome] = (counts[result.outcome] ?? 0) + 1;
  return counts;
}

const cases: readonly SuiteCase[] = [
  {
    name: "claim: a fresh key answers new with a token",
    async run(t) {
      const result = await claim(t);
      t.expect(result.outcome).toBe("new");
      t.expect(
        result.outcome === "new" && typeof result.token === "string" && result.token.length > 0,
      ).toBe(true);
    },
  },
  {
    name: "claim: the same fingerprint while pending answers in_flight",
    async run(t) {
      await claimNew(t);
      t.expect(await outcome(t)).toBe("in_flight");
    },
  },
  {
    name: "claim: the same fingerprint after settling done answers duplicate",
    async run(t) {
      const token = await claimNew(t);
      t.expect(await t.adapter.idempotency.settle(KEY, token, "done")).toBe(true);
      t.expect(await outcome(t)).toBe("duplicate");
    },
  },
  {
    name: "claim: another fingerprint answers conflict, pending or done",
    async run(t) {
      const token = await claimNew(t);
      t.expect(await outcome(t, FP_B)).toBe("conflict");
      await t.adapter.idempotency.settle(KEY, token, "done");
      t.expect(await outcome(t, FP_B)).toBe("conflict");
    },
  },
  {
    name: "claim: keys are independent",
    async run(t) {
      const token = await claimNew(t, FP_A, "acme:evt_1");
      await claimNew(t, FP_A, "acme:evt_2");
      await t.adapter.idempotency.settle("acme:evt_1", token, "done");
      t.expect(await outcome(t, FP_A, "acme:evt_2")).toBe("in_flight");
      t.expect(await outcome(t, FP_B, "other:evt_1")).toBe("new");
    },
  },
  {
    name: "settle: failed releases the key, so the next claim answers new",
    async run(t) {
      const token = await claimNew(t);
      t.expect(await t.adapter.idempotency.settle(KEY, token, "failed")).toBe(true);
      const again = await claimNew(t, FP_B);
      t.expect(again === token).toBe(false);
    },
  },
  {
    name: "settle: a token that does not own the key changes nothing and resolves false",
    async run(t) {
      const store = t.adapter.idempotency;
      const token = await claimNew(t);
      t.expect(await store.settle(KEY, `${token}-not`, "done")).toBe(false);
      t.expect(await store.settle(KEY, `${token}-not`, "failed")).toBe(false);
      t.expect(await store.settle("acme:unknown", token, "done")).toBe(false);
      t.expect(await outcome(t)).toBe("in_flight");
      t.expect(await store.settle(KEY, token, "done")).toBe(true);
      t.expect(await outcome(t)).toBe("duplicate");
    },
  },
  {
    name: "expiry: a done claim answers duplicate until ttlMs has passed, then new",
    async run(t) {
      const token = await claimNew(t);
      const settledAt = t.time.now();
      await t.adapter.idempotency.settle(KEY, token, "done");
      await t.time.around(
        settledAt,
        t.time.ttlMs,
        "a done claim expires",
        async () => t.expect(await outcome(t)).toBe("duplicate"),
        async () => (await outcome(t)) === "new",
      );
    },
  },
  {
    name: "stale: a pending claim is taken over after staleAfterMs, exactly once",
    async run(t) {
      const since = t.time.now();
      const first = await claimNew(t);
      const second = await takeOver(t, since);
      t.expect(second.length > 0 && second !== first).toBe(true);
      t.expect(await outcome(t)).toBe("in_flight");
    },
  },
  {
    name: "stale: the old token settles nothing after a takeover",
    async run(t) {
      const store = t.adapter.idempotency;
      const since = t.time.now();
      const first = await claimNew(t);
      const second = await takeOver(t, since);
      t.expect(await store.settle(KEY, first, "done")).toBe(false);
      t.expect(await store.settle(KEY, first, "failed")).toBe(false);
      t.expect(await outcome(t)).toBe("in_flight");
      t.expect(await store.settle(KEY, second, "done")).toBe(true);
      t.expect(await outcome(t)).toBe("duplicate");
    },
  },
  {
    name: "stale: of 10 parallel claims of a stale key exactly one takes it over",
    async run(t) {
      await claimNew(t);
      await t.time.pass(t.time.staleAfterMs + 50);
      const results = await Promise.all(Array.from({ length: 10 }, () => claim(t)));
      t.expect(countOutcomes(results)).toEqual({ new: 1, in_flight: 9 });
    },
  },
  {
    name: "concurrency: 50 parallel claims of one key give exactly one new",
    async run(t) {
      const results = await Promise.all(Array.from({ length: 50 }, () => claim(t)));
      t.expect(countOutcomes(results)).toEqual({ new: 1, in_flight: 49 });
    },
  },
  {
    name: "concurrency: 50 parallel claims with different fingerprints give one new, the rest conflict",
    async run(t) {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => claim(t, `fingerprint-${i}`)),
      );
      t.expect(countOutcomes(results)).toEqual({ new: 1, conflict: 49 });
    },
  },
];

/** @internal */
export const idempotencyStoreGroup: SuiteGroup = { title: "idempotency store", cases };

/**
 * The `IdempotencyStore` part of {@link testAdapter}: claim outcomes, settling, expiry after `ttlMs`,
 * takeover of stale claims, and atomicity under 50 parallel claims.
 * @category Testing
 */
export function testIdempotencyStore(vitest: TestApi, options: TestAdapterOptions): void {
  runConformance(vitest, options, [idempotencyStoreGroup]);
}
