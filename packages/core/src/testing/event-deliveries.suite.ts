import type { DeliveryRecord } from "../events/event-record.ts";
import type { DeliveryState } from "../events/event-store.ts";
import type { SuiteCase, SuiteTest } from "./conformance-harness.ts";
import { attemptRecord, delivery, eventRecord, expectCode } from "./conformance-fixtures.ts";

const EVENT = "evt-1";

async function withDeliveries(
  t: SuiteTest,
  ids: readonly string[],
): Promise<readonly DeliveryState[]> {
  await t.adapter.events.insert(eventRecord(EVENT));
  return t.adapter.events.addDeliveries(
    EVENT,
    ids.map((id) => delivery(id)),
  );
}

async function storedDeliveries(t: SuiteTest): Promise<readonly DeliveryRecord[] | undefined> {
  return (await t.adapter.events.get(EVENT))?.deliveries;
}

/** What the writers resolve with: each delivery's id, destination and status. */
function states(deliveries: readonly DeliveryRecord[] | undefined): DeliveryState[] | undefined {
  return deliveries?.map(({ id, destination, status }) => ({ id, destination, status }));
}

/** The deliveries and attempts part of the event store suite. @internal */
export const eventDeliveryCases: readonly SuiteCase[] = [
  {
    name: "events: addDeliveries adds deliveries in order and resolves with all of them",
    async run(t) {
      t.expect(await withDeliveries(t, ["d-2", "d-1"])).toEqual(
        states([delivery("d-2"), delivery("d-1")]),
      );
      const all = await t.adapter.events.addDeliveries(EVENT, [delivery("d-3")]);
      const expected = [delivery("d-2"), delivery("d-1"), delivery("d-3")];
      t.expect(all).toEqual(states(expected));
      t.expect(await storedDeliveries(t)).toEqual(expected);
    },
  },
  {
    name: "events: addDeliveries keeps existing deliveries, so a re-run changes nothing",
    async run(t) {
      await withDeliveries(t, ["d-1", "d-2"]);
      await t.adapter.events.recordAttempt(EVENT, "d-1", attemptRecord(1), "pending");
      const before = await storedDeliveries(t);
      const rerun = await t.adapter.events.addDeliveries(EVENT, [
        delivery("d-1", { destination: "changed" }),
        delivery("d-2"),
      ]);
      t.expect(rerun).toEqual(states(before));
      t.expect(await storedDeliveries(t)).toEqual(before);
      t.expect(before?.[0]?.attempts).toEqual([attemptRecord(1)]);
    },
  },
  {
    name: "events: recordAttempt appends attempts in order and resolves with all deliveries",
    async run(t) {
      await withDeliveries(t, ["d-1", "d-2"]);
      const events = t.adapter.events;
      await events.recordAttempt(EVENT, "d-1", attemptRecord(1));
      await events.recordAttempt(EVENT, "d-1", attemptRecord(2));
      const all = await events.recordAttempt(EVENT, "d-1", attemptRecord(3, true), "succeeded");
      const expected = [
        delivery("d-1", {
          status: "succeeded",
          attempts: [attemptRecord(1), attemptRecord(2), attemptRecord(3, true)],
        }),
        delivery("d-2"),
      ];
      t.expect(all).toEqual(states(expected));
      t.expect(await storedDeliveries(t)).toEqual(expected);
    },
  },
  {
    name: "events: recordAttempt sets the delivery status when given and keeps it otherwise",
    async run(t) {
      await withDeliveries(t, ["d-1"]);
      const events = t.adapter.events;
      const final = { ...attemptRecord(1), final: true };
      t.expect((await events.recordAttempt(EVENT, "d-1", final, "dead_lettered"))[0]?.status).toBe(
        "dead_lettered",
      );
      t.expect((await events.recordAttempt(EVENT, "d-1", attemptRecord(2)))[0]?.status).toBe(
        "dead_lettered",
      );
      t.expect(await storedDeliveries(t)).toEqual([
        delivery("d-1", { status: "dead_lettered", attempts: [final, attemptRecord(2)] }),
      ]);
    },
  },
  {
    name: "events: resetDeliveries sets deliveries back to pending and keeps their attempts",
    async run(t) {
      await withDeliveries(t, ["d-1", "d-2", "d-3"]);
      const events = t.adapter.events;
      const final = { ...attemptRecord(1), final: true };
      await events.recordAttempt(EVENT, "d-1", final, "dead_lettered");
      await events.recordAttempt(EVENT, "d-2", attemptRecord(1, true), "succeeded");
      await events.recordAttempt(EVENT, "d-3", final, "dead_lettered");
      const after = await events.resetDeliveries(EVENT, ["d-1", "d-3"]);
      t.expect(after.map((d) => [d.id, d.status])).toEqual([
        ["d-1", "pending"],
        ["d-2", "succeeded"],
        ["d-3", "pending"],
      ]);
      t.expect((await storedDeliveries(t))?.map((d) => d.attempts)).toEqual([
        [final],
        [attemptRecord(1, true)],
        [final],
      ]);
    },
  },
  {
    name: "events: resetDeliveries with a status sets it in the same write, the error cleared, and moves the event between status listings",
    async run(t) {
      await withDeliveries(t, ["d-1", "d-2"]);
      const events = t.adapter.events;
      const final = { ...attemptRecord(1), final: true };
      await events.recordAttempt(EVENT, "d-1", final, "dead_lettered");
      await events.recordAttempt(EVENT, "d-2", attemptRecord(1, true), "succeeded");
      await events.setStatus(EVENT, "dead_lettered", 1_767_225_650_000, {
        code: "DELIVERY_FAILED",
        message: "The destination kept failing.",
      });
      const after = await events.resetDeliveries(EVENT, ["d-1"], {
        status: "queued",
        updatedAt: 1_767_225_700_000,
      });
      t.expect(after.map((d) => d.status)).toEqual(["pending", "succeeded"]);
      const stored = await events.get(EVENT);
      t.expect([stored?.status, stored?.updatedAt, stored?.error]).toEqual([
        "queued",
        1_767_225_700_000,
        undefined,
      ]);
      t.expect((await events.list({ status: "dead_lettered", limit: 10 })).records).toEqual([]);
      const queued = await events.list({ status: "queued", limit: 10 });
      t.expect(queued.records.map((record) => record.id)).toEqual([EVENT]);
      // Without a status it is left as it was.
      await events.recordAttempt(EVENT, "d-1", final, "dead_lettered");
      await events.resetDeliveries(EVENT, ["d-1"]);
      t.expect((await events.get(EVENT))?.status).toBe("queued");
    },
  },
  {
    name: "events: an attempt's responseBody is kept as recorded, an empty one included",
    async run(t) {
      await withDeliveries(t, ["d-1"]);
      const responseBody = '{"error":"busy \\u00e9","path":"/a\\\\b"}\n\t— ünïcode, "quoted" ]';
      const failed = { ...attemptRecord(1), responseBody };
      const succeeded = { ...attemptRecord(2, true), responseBody: "" };
      await t.adapter.events.recordAttempt(EVENT, "d-1", failed);
      await t.adapter.events.recordAttempt(EVENT, "d-1", succeeded, "succeeded");
      t.expect((await storedDeliveries(t))?.[0]?.attempts).toEqual([failed, succeeded]);
      const found = await t.adapter.events.getDelivery(EVENT, "d-1");
      t.expect(found?.delivery.attempts.map((attempt) => attempt.responseBody)).toEqual([
        responseBody,
        "",
      ]);
    },
  },
  {
    name: "events: getDelivery returns one delivery and its event without the body",
    async run(t) {
      await withDeliveries(t, ["d-1", "d-2"]);
      await t.adapter.events.recordAttempt(EVENT, "d-2", attemptRecord(1));
      const found = await t.adapter.events.getDelivery(EVENT, "d-2");
      const {
        body: _body,
        headers: _headers,
        deliveries: _deliveries,
        ...summary
      } = eventRecord(EVENT);
      t.expect(found).toEqual({
        event: summary,
        delivery: delivery("d-2", { attempts: [attemptRecord(1)] }),
      });
      t.expect(await t.adapter.events.getDelivery(EVENT, "d-unknown")).toBeUndefined();
      t.expect(await t.adapter.events.getDelivery("evt-unknown", "d-1")).toBeUndefined();
    },
  },
  {
    name: "events: of concurrent recordAttempt calls exactly one sees every delivery succeeded",
    async run(t) {
      const ids = Array.from({ length: 8 }, (_, i) => `d-${i}`);
      await withDeliveries(t, ids);
      const results = await Promise.all(
        ids.map((id) =>
          t.adapter.events.recordAttempt(EVENT, id, attemptRecord(1, true), "succeeded"),
        ),
      );
      const sawAllDone = results.filter((all) => all.every((d) => d.status === "succeeded"));
      t.expect(sawAllDone).toHaveLength(1);
      const stored = await storedDeliveries(t);
      t.expect(stored?.map((d) => [d.id, d.status, d.attempts.length])).toEqual(
        ids.map((id) => [id, "succeeded", 1]),
      );
    },
  },
  {
    name: "events: addDeliveries with processingAt makes the event processing in the same write, only while a delivery is pending",
    async run(t) {
      const events = t.adapter.events;
      await events.insert(eventRecord(EVENT));
      await events.addDeliveries(EVENT, [delivery("d-1")], { processingAt: 1_767_225_700_000 });
      const stored = await events.get(EVENT);
      t.expect([stored?.status, stored?.updatedAt]).toEqual(["processing", 1_767_225_700_000]);
      const page = await events.list({ status: "processing", limit: 10 });
      t.expect(page.records.map((record) => record.id)).toEqual([EVENT]);
      t.expect((await events.list({ status: "queued", limit: 10 })).records).toEqual([]);

      // Without a pending delivery (all already finished) the status stays as it was.
      await events.insert(eventRecord("evt-2"));
      await events.addDeliveries("evt-2", [delivery("d-1", { status: "succeeded" })], {
        processingAt: 1_767_225_700_000,
      });
      t.expect((await events.get("evt-2"))?.status).toBe("queued");
    },
  },
  {
    name: "events: addDeliveries adds an id given twice in one call once, first copy kept, after the existing ones",
    async run(t) {
      await withDeliveries(t, ["d-1"]);
      await t.adapter.events.recordAttempt(EVENT, "d-1", attemptRecord(1, true), "succeeded");
      const after = await t.adapter.events.addDeliveries(EVENT, [
        delivery("d-2"),
        delivery("d-2", { destination: "dest-other", status: "succeeded" }),
        delivery("d-1", { status: "pending" }),
      ]);
      const expected = [
        { id: "d-1", destination: "dest-d-1", status: "succeeded" },
        { id: "d-2", destination: "dest-d-2", status: "pending" },
      ];
      t.expect(after).toEqual(expected);
      t.expect(states(await storedDeliveries(t))).toEqual(expected);
    },
  },
  {
    name: "events: getForProcessing makes a queued event processing in the same step and leaves any other status as it is",
    async run(t) {
      const events = t.adapter.events;
      const at = 1_767_225_700_000;
      await events.insert(eventRecord(EVENT));
      await events.setStatus(EVENT, "queued", 1_767_225_650_000, {
        code: "EARLIER",
        message: "An earlier round failed.",
      });
      const taken = await events.getForProcessing(EVENT, at);
      t.expect([taken?.status, taken?.updatedAt, taken?.error]).toEqual([
        "processing",
        at,
        undefined,
      ]);
      t.expect(taken?.body).toEqual(eventRecord(EVENT).body);
      t.expect(taken?.headers).toEqual(eventRecord(EVENT).headers);
      const stored = await events.get(EVENT);
      t.expect([stored?.status, stored?.updatedAt]).toEqual(["processing", at]);
      t.expect((await events.list({ status: "processing", limit: 10 })).records).toHaveLength(1);
      t.expect((await events.list({ status: "queued", limit: 10 })).records).toEqual([]);

      // Taken again (a re-run) or settled: nothing changes.
      t.expect((await events.getForProcessing(EVENT, at + 1))?.updatedAt).toBe(at);
      await events.setStatus(EVENT, "delivered", at + 2);
      const settled = await events.getForProcessing(EVENT, at + 3);
      t.expect([settled?.status, settled?.updatedAt]).toEqual(["delivered", at + 2]);
      t.expect(await events.getForProcessing("evt-unknown", at)).toBeUndefined();
    },
  },
  {
    name: "events: addDeliveries with settleAt stores a delivery with its first attempt and settles the event in the same write",
    async run(t) {
      const events = t.adapter.events;
      const times = { processingAt: 1_767_225_700_000, settleAt: 1_767_225_800_000 };
      await events.insert(eventRecord(EVENT));
      const succeeded = delivery("d-1", {
        status: "succeeded",
        attempts: [attemptRecord(1, true)],
      });
      const states = await events.addDeliveries(EVENT, [succeeded], times);
      t.expect(states.map((state) => state.status)).toEqual(["succeeded"]);
      const stored = await events.get(EVENT);
      t.expect([stored?.status, stored?.updatedAt]).toEqual(["delivered", times.settleAt]);
      t.expect(stored?.deliveries[0]?.attempts).toEqual([attemptRecord(1, true)]);
      const delivered = await events.list({ status: "delivered", limit: 10 });
      t.expect(delivered.records.map((record) => record.id)).toEqual([EVENT]);
      t.expect((await events.list({ status: "queued", limit: 10 })).records).toEqual([]);

      // A first attempt that will be retried leaves the delivery pending: processing, not settled.
      await events.insert(eventRecord("evt-2"));
      const retrying = delivery("d-1", { attempts: [attemptRecord(1)] });
      await events.addDeliveries("evt-2", [retrying], times);
      const pending = await events.get("evt-2");
      t.expect([pending?.status, pending?.updatedAt]).toEqual(["processing", times.processingAt]);
      t.expect(pending?.deliveries[0]?.attempts).toEqual([attemptRecord(1)]);

      const final = { ...attemptRecord(1), final: true };
      await events.insert(eventRecord("evt-3"));
      const dead = delivery("d-1", { status: "dead_lettered", attempts: [final] });
      await events.addDeliveries("evt-3", [dead], times);
      t.expect((await events.get("evt-3"))?.status).toBe("dead_lettered");
    },
  },
  {
    name: "events: recordAttempt with settleAt settles the event once no delivery is pending: delivered, or dead_lettered when one is",
    async run(t) {
      const events = t.adapter.events;
      await withDeliveries(t, ["d-1", "d-2"]);
      await events.setStatus(EVENT, "processing", 1_767_225_600_000, {
        code: "EARLIER",
        message: "An earlier round failed.",
      });
      await events.recordAttempt(EVENT, "d-1", attemptRecord(1, true), "succeeded", {
        settleAt: 1_767_225_700_000,
      });
      const half = await events.get(EVENT);
      t.expect([half?.status, half?.updatedAt]).toEqual(["processing", 1_767_225_600_000]);
      const final = { ...attemptRecord(1), final: true };
      await events.recordAttempt(EVENT, "d-2", final, "dead_lettered", {
        settleAt: 1_767_225_800_000,
      });
      const settled = await events.get(EVENT);
      t.expect([settled?.status, settled?.updatedAt, settled?.error]).toEqual([
        "dead_lettered",
        1_767_225_800_000,
        undefined,
      ]);
      const dead = await events.list({ status: "dead_lettered", limit: 10 });
      t.expect(dead.records.map((record) => record.id)).toEqual([EVENT]);
      t.expect((await events.list({ status: "processing", limit: 10 })).records).toEqual([]);

      await events.insert(eventRecord("evt-2"));
      await events.addDeliveries("evt-2", [delivery("d-1")]);
      await events.recordAttempt("evt-2", "d-1", attemptRecord(1, true), "succeeded", {
        settleAt: 1_767_225_900_000,
      });
      t.expect((await events.get("evt-2"))?.status).toBe("delivered");
    },
  },
  {
    name: "events: of concurrent finishers with settleAt the event ends delivered, and a retry without a status never settles it",
    async run(t) {
      const ids = Array.from({ length: 6 }, (_, i) => `d-${i}`);
      await withDeliveries(t, ids);
      const events = t.adapter.events;
      await events.recordAttempt(EVENT, "d-0", attemptRecord(1), undefined, { settleAt: 1 });
      t.expect((await events.get(EVENT))?.status).toBe("queued");
      await Promise.all(
        ids.map((id) =>
          events.recordAttempt(EVENT, id, attemptRecord(2, true), "succeeded", {
            settleAt: 1_767_225_700_000,
          }),
        ),
      );
      const stored = await events.get(EVENT);
      t.expect([stored?.status, stored?.updatedAt]).toEqual(["delivered", 1_767_225_700_000]);
    },
  },
  {
    name: "events: setStatus, addDeliveries, recordAttempt and resetDeliveries on an unknown id reject with EVENT_NOT_FOUND",
    async run(t) {
      const events = t.adapter.events;
      await expectCode(t, events.setStatus("evt-unknown", "delivered", 1), "EVENT_NOT_FOUND");
      await expectCode(
        t,
        events.addDeliveries("evt-unknown", [delivery("d-1")]),
        "EVENT_NOT_FOUND",
      );
      await expectCode(
        t,
        events.recordAttempt("evt-unknown", "d-1", attemptRecord(1)),
        "EVENT_NOT_FOUND",
      );
      await expectCode(t, events.resetDeliveries("evt-unknown", ["d-1"]), "EVENT_NOT_FOUND");
    },
  },
];
