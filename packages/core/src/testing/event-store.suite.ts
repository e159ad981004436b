import type { EventRecord } from "../events/event-record.ts";
import type { EventStore, ListEventsOptions } from "../events/event-store.ts";
import {
  runConformance,
  type SuiteCase,
  type SuiteGroup,
  type SuiteTest,
} from "./conformance-harness.ts";
import { comparable, eventRecord, expectCode } from "./conformance-fixtures.ts";
import { eventDeliveryCases } from "./event-deliveries.suite.ts";
import type { TestAdapterOptions } from "./test-adapter.ts";
import { listAllIds } from "./list-all.ts";
import type { TestApi } from "./test-api.ts";

/** Every id `list` pages through, in order (see {@link listAllIds}). */
function listAll(
  store: EventStore,
  options: ListEventsOptions,
  between?: () => Promise<void>,
): Promise<string[]> {
  return listAllIds((page: ListEventsOptions) => store.list(page), options, between);
}

/** Ids in an order no sort would produce, so the test sees insertion order. */
const SCRAMBLED = ["evt-m", "evt-c", "evt-x", "evt-a", "evt-q", "evt-b", "evt-z", "evt-k"];

async function insertAll(
  t: SuiteTest,
  ids: readonly string[],
  status: (i: number) => EventRecord["status"] = () => "queued",
) {
  for (const [i, id] of ids.entries())
    await t.adapter.events.insert(eventRecord(id, { status: status(i) }));
}

async function roundTrip(t: SuiteTest, body: Uint8Array): Promise<number[] | undefined> {
  await t.adapter.events.insert(eventRecord("evt-bytes", { body }));
  const got = await t.adapter.events.get("evt-bytes");
  t.expect(got?.body instanceof Uint8Array).toBe(true);
  return got === undefined ? undefined : Array.from(got.body);
}

const cases: readonly SuiteCase[] = [
  {
    name: "events: get returns the body byte-exact for every byte value 0x00..0xff",
    async run(t) {
      const bytes = Array.from({ length: 512 }, (_, i) => (i < 256 ? i : 511 - i));
      t.expect(await roundTrip(t, new Uint8Array(bytes))).toEqual(bytes);
    },
  },
  {
    name: "events: get keeps an empty body",
    async run(t) {
      t.expect(await roundTrip(t, new Uint8Array(0))).toEqual([]);
    },
  },
  {
    name: "events: get keeps a body that is not valid UTF-8",
    async run(t) {
      const bytes = [
        0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xc3, 0x28, 0x00, 0xed, 0xa0, 0x80, 0xf0, 0x28, 0x8c, 0x25,
        0x80,
      ];
      t.expect(await roundTrip(t, new Uint8Array(bytes))).toEqual(bytes);
    },
  },
  {
    name: "events: get keeps a UTF-8 body with a byte order mark and characters beyond ASCII",
    async run(t) {
      // An adapter may pass valid UTF-8 to its backend as text: the bytes must come back unchanged,
      // the byte order mark and a character outside the Basic Multilingual Plane included.
      const bytes = Array.from(new TextEncoder().encode('\uFEFF{"name":"Zoë","note":"🦆 ok"}\r\n'));
      t.expect(bytes.slice(0, 3)).toEqual([0xef, 0xbb, 0xbf]);
      t.expect(await roundTrip(t, new Uint8Array(bytes))).toEqual(bytes);
    },
  },
  {
    name: "events: get returns every field and header as stored",
    async run(t) {
      const record = eventRecord("evt-1", {
        headers: {
          "content-type": "application/json; charset=utf-8",
          "x-empty": "",
          "x-multi": "a, b",
        },
      });
      await t.adapter.events.insert(record);
      t.expect(comparable(await t.adapter.events.get("evt-1"))).toEqual(comparable(record));
      t.expect(await t.adapter.events.get("evt-unknown")).toBeUndefined();
    },
  },
  {
    name: "events: insert with an existing id rejects with EVENT_EXISTS and keeps the first record",
    async run(t) {
      const first = eventRecord("evt-1");
      await t.adapter.events.insert(first);
      await expectCode(
        t,
        t.adapter.events.insert(
          eventRecord("evt-1", { status: "ignored", body: new Uint8Array([1]) }),
        ),
        "EVENT_EXISTS",
      );
      t.expect(comparable(await t.adapter.events.get("evt-1"))).toEqual(comparable(first));
      t.expect(await listAll(t.adapter.events, { limit: 10 })).toEqual(["evt-1"]);
    },
  },
  {
    name: "events: the store keeps its own copy of what was inserted and what get returned",
    async run(t) {
      const record = eventRecord("evt-1");
      const original = comparable(record);
      await t.adapter.events.insert(record);
      record.body[0] = 0x21;
      (record.headers as Record<string, string>)["content-type"] = "text/plain";
      const got = await t.adapter.events.get("evt-1");
      t.expect(comparable(got)).toEqual(original);
      if (got !== undefined) got.body[1] = 0x21;
      (got?.deliveries as unknown[] | undefined)?.push({ id: "mutated" });
      t.expect(comparable(await t.adapter.events.get("evt-1"))).toEqual(original);
    },
  },
  {
    name: "events: delete removes a record and resolves whether it existed",
    async run(t) {
      await insertAll(t, ["evt-1", "evt-2"]);
      t.expect(await t.adapter.events.delete("evt-1")).toBe(true);
      t.expect(await t.adapter.events.delete("evt-1")).toBe(false);
      t.expect(await t.adapter.events.get("evt-1")).toBeUndefined();
      t.expect(await listAll(t.adapter.events, { limit: 10 })).toEqual(["evt-2"]);
    },
  },
  {
    name: "events: list pages in insertion order with a cursor",
    async run(t) {
      await insertAll(t, SCRAMBLED);
      const first = await t.adapter.events.list({ limit: 3 });
      t.expect(first.records.map((record) => record.id)).toEqual(SCRAMBLED.slice(0, 3));
      t.expect(typeof first.nextCursor).toBe("string");
      t.expect(await listAll(t.adapter.events, { limit: 3 })).toEqual(SCRAMBLED);
      t.expect(await listAll(t.adapter.events, { limit: 100 })).toEqual(SCRAMBLED);
    },
  },
  {
    name: "events: list of an empty store is one page without a cursor",
    async run(t) {
      t.expect(await t.adapter.events.list({ limit: 10 })).toEqual({ records: [] });
    },
  },
  {
    name: "events: list filters by the current status",
    async run(t) {
      await insertAll(t, SCRAMBLED, (i) => (i % 2 === 0 ? "queued" : "delivered"));
      await t.adapter.events.setStatus("evt-m", "dead_lettered", 1_767_225_700_000);
      const queued = SCRAMBLED.filter((id, i) => i % 2 === 0 && id !== "evt-m");
      const delivered = SCRAMBLED.filter((_, i) => i % 2 === 1);
      t.expect(await listAll(t.adapter.events, { status: "queued", limit: 2 })).toEqual(queued);
      t.expect(await listAll(t.adapter.events, { status: "delivered", limit: 2 })).toEqual(
        delivered,
      );
      t.expect(await listAll(t.adapter.events, { status: "dead_lettered", limit: 2 })).toEqual([
        "evt-m",
      ]);
      t.expect(await listAll(t.adapter.events, { status: "conflict", limit: 2 })).toEqual([]);
    },
  },
  {
    name: "events: listSummaries pages as list does, with summaries only (no body, headers or deliveries)",
    async run(t) {
      await insertAll(t, SCRAMBLED, (i) => (i % 2 === 0 ? "queued" : "delivered"));
      await t.adapter.events.setStatus("evt-m", "dead_lettered", 1_767_225_700_000, {
        code: "PROCESSING_FAILED",
        message: "failed",
      });
      const summaries = (options: ListEventsOptions) =>
        listAllIds((page: ListEventsOptions) => t.adapter.events.listSummaries(page), options);
      for (const status of [undefined, "queued", "delivered", "dead_lettered"] as const) {
        const options = { limit: 3, ...(status === undefined ? {} : { status }) };
        t.expect(await summaries(options)).toEqual(await listAll(t.adapter.events, options));
      }
      const { records } = await t.adapter.events.listSummaries({ limit: 100 });
      const full = await t.adapter.events.get("evt-m");
      if (full === undefined) throw new Error("evt-m is gone");
      const { body: _body, headers: _headers, deliveries: _deliveries, ...summary } = full;
      t.expect(records[0]).toEqual(summary);
      const heavy = new Set(["body", "headers", "deliveries"]);
      for (const record of records)
        t.expect(Object.keys(record).filter((key) => heavy.has(key))).toEqual([]);
    },
  },
  {
    name: "events: paging while inserting yields no duplicate and misses no record",
    async run(t) {
      await insertAll(t, SCRAMBLED);
      let added = 0;
      const ids = await listAll(t.adapter.events, { limit: 3 }, async () => {
        for (let i = 0; i < 2; i++)
          await t.adapter.events.insert(eventRecord(`evt-new-${added++}`));
      });
      t.expect(ids.slice(0, SCRAMBLED.length)).toEqual(SCRAMBLED);
      t.expect(new Set(ids).size).toBe(ids.length);
      const inserted = ids.slice(SCRAMBLED.length);
      t.expect(inserted).toEqual(Array.from({ length: inserted.length }, (_, i) => `evt-new-${i}`));
    },
  },
  {
    name: "events: setStatus changes the status and updatedAt, nothing else",
    async run(t) {
      const record = eventRecord("evt-1");
      await t.adapter.events.insert(record);
      await t.adapter.events.setStatus("evt-1", "processing", 1_767_225_700_000);
      const expected = { ...record, status: "processing", updatedAt: 1_767_225_700_000 } as const;
      t.expect(comparable(await t.adapter.events.get("evt-1"))).toEqual(comparable(expected));
    },
  },
  {
    name: "events: setStatus records the error given and clears it when none is given",
    async run(t) {
      await t.adapter.events.insert(eventRecord("evt-1"));
      const error = { code: "TRANSFORM_FAILED", message: "Transformer threw TypeError." };
      await t.adapter.events.setStatus("evt-1", "dead_lettered", 1_767_225_700_000, error);
      const failed = await t.adapter.events.get("evt-1");
      t.expect([failed?.status, failed?.error]).toEqual(["dead_lettered", error]);
      await t.adapter.events.setStatus("evt-1", "queued", 1_767_225_800_000);
      const requeued = await t.adapter.events.get("evt-1");
      t.expect([requeued?.status, requeued?.error]).toEqual(["queued", undefined]);
    },
  },
  ...eventDeliveryCases,
];

/** @internal */
export const eventStoreGroup: SuiteGroup = { title: "event store", cases };

/**
 * The `EventStore` part of {@link testAdapter}: byte-exact bodies, copies, paging with a cursor while
 * inserting, status filters, deliveries and attempts, and `EVENT_NOT_FOUND` for unknown ids.
 * @category Testing
 */
export function testEventStore(vitest: TestApi, options: TestAdapterOptions): void {
  runConformance(vitest, options, [eventStoreGroup]);
}
