import {
  EndpointExistsError,
  EndpointNotFoundError,
  type EndpointHealth,
  type EndpointRecord,
  type EndpointStore,
} from "@hookwise/core";

/**
 * An in-process {@link EndpointStore}: endpoints in insertion order, their health beside them, and
 * probe leases on the `now` each caller gives. Records are copied in and out (`structuredClone`:
 * they are small, and nested retry settings must not be shared with the caller).
 * @example
 * const store = createMemoryEndpointStore();
 * await store.insert(endpoint);
 * const health = await store.recordOutcome(endpoint.id, { ok: false, at: Date.now() });
 * @category Adapters
 */
export function createMemoryEndpointStore(): EndpointStore {
  const records = new Map<string, EndpointRecord>();
  const health = new Map<string, EndpointHealth>();
  const probes = new Map<string, number>();
  // Insertion sequence per id: the cursor of `list` is the sequence of the last record returned.
  const order = new Map<string, number>();
  let sequence = 0;

  return {
    insert(record) {
      if (records.has(record.id)) return Promise.reject(new EndpointExistsError());
      records.set(record.id, structuredClone(record));
      order.set(record.id, ++sequence);
      return Promise.resolve();
    },
    get(id) {
      const record = records.get(id);
      return Promise.resolve(record === undefined ? undefined : structuredClone(record));
    },
    replace(record) {
      if (!records.has(record.id)) return Promise.reject(new EndpointNotFoundError());
      records.set(record.id, structuredClone(record));
      return Promise.resolve();
    },
    delete(id) {
      const existed = records.delete(id);
      health.delete(id);
      probes.delete(id);
      order.delete(id);
      return Promise.resolve(existed);
    },
    listByTenant(tenant) {
      const found: EndpointRecord[] = [];
      for (const record of records.values())
        if (record.tenant === tenant) found.push(structuredClone(record));
      return Promise.resolve(found);
    },
    list({ limit, cursor }) {
      const after = cursor === undefined ? 0 : Number(cursor);
      const page: EndpointRecord[] = [];
      let last = after;
      let more = false;
      for (const [id, record] of records) {
        const at = order.get(id) ?? 0;
        if (at <= after) continue;
        if (page.length === limit) {
          more = true;
          break;
        }
        page.push(structuredClone(record));
        last = at;
      }
      return Promise.resolve(
        more ? { records: page, nextCursor: String(last) } : { records: page },
      );
    },
    health(id) {
      return Promise.resolve({ ...(health.get(id) ?? { failureStreak: 0 }) });
    },
    recordOutcome(id, outcome) {
      const current = health.get(id) ?? { failureStreak: 0 };
      const next: EndpointHealth = outcome.ok
        ? {
            ...current,
            failureStreak: 0,
            lastSuccessAt: outcome.at,
          }
        : {
            ...current,
            failureStreak: current.failureStreak + 1,
            lastFailureAt: outcome.at,
            ...(outcome.error !== undefined && { lastError: { ...outcome.error } }),
          };
      health.set(id, next);
      return Promise.resolve({ ...next });
    },
    claimProbe(id, now, leaseMs) {
      const until = probes.get(id);
      if (until !== undefined && until > now) return Promise.resolve(false);
      probes.set(id, now + leaseMs);
      return Promise.resolve(true);
    },
  };
}
