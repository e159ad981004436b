import type { Transformer } from "@hookwise/core";
import { describe, expect, it } from "vitest";
import { planDeliveries } from "../../src/route/router.ts";

const base = { source: "shop", type: "order.completed", transform: () => undefined };
const fanOut: Transformer = { ...base, name: "order", to: ["partner", "crm"] };
const split: Transformer = { ...base, name: "lines", version: 2, to: ["warehouse"] };

describe("planDeliveries", () => {
  it("plans one pending delivery per output and destination", () => {
    const deliveries = planDeliveries("hw_1", [
      { transformer: fanOut, outputs: [{ o: 1 }] },
      { transformer: split, outputs: [{ l: 1 }, { l: 2 }] },
    ]);
    expect(deliveries.map((d) => [d.id, d.destination, d.transformer, d.output])).toEqual([
      ["hw_1:order@1:0:partner", "partner", "order@1", { o: 1 }],
      ["hw_1:order@1:0:crm", "crm", "order@1", { o: 1 }],
      ["hw_1:lines@2:0:warehouse", "warehouse", "lines@2", { l: 1 }],
      ["hw_1:lines@2:1:warehouse", "warehouse", "lines@2", { l: 2 }],
    ]);
    expect(deliveries.every((d) => d.status === "pending" && d.attempts.length === 0)).toBe(true);
  });

  it("gives the same ids when the same event is planned again", () => {
    const plan = () =>
      planDeliveries("hw_1", [{ transformer: fanOut, outputs: [{ o: Math.random() }] }]);
    expect(plan().map((d) => d.id)).toEqual(plan().map((d) => d.id));
  });

  it("plans nothing for filtered-out events", () => {
    expect(planDeliveries("hw_1", [{ transformer: fanOut, outputs: [] }])).toEqual([]);
  });
});
