import { ConfigurationError, createTransformerRegistry, type Transformer } from "@hookwise/core";
import { describe, expect, it } from "vitest";

function transformer(overrides: Partial<Transformer> = {}): Transformer {
  return {
    name: "order-to-partner",
    source: "shop",
    type: "order.completed",
    to: ["partner"],
    transform: ({ payload }) => payload,
    ...overrides,
  };
}

describe("createTransformerRegistry", () => {
  it("finds transformers by source and type, in registration order", () => {
    const a = transformer({ name: "a" });
    const b = transformer({ name: "b", type: ["order.completed", "order.refunded"] });
    const other = transformer({ name: "c", source: "billing" });
    const registry = createTransformerRegistry([a, b, other]);
    expect(registry.forEvent("shop", "order.completed")).toEqual([a, b]);
    expect(registry.forEvent("shop", "order.refunded")).toEqual([b]);
    expect(registry.forEvent("billing", "order.completed")).toEqual([other]);
    expect(registry.forEvent("shop", "order.created")).toEqual([]);
    expect(registry.has("shop", "order.refunded")).toBe(true);
    expect(registry.has("shop", "order.created")).toBe(false);
  });

  it("stores unknown event types by default, and takes another policy", () => {
    expect(createTransformerRegistry([]).unknownEventTypes).toBe("store");
    expect(createTransformerRegistry([], { unknownEventTypes: "reject" }).unknownEventTypes).toBe(
      "reject",
    );
  });

  it("allows two versions of one transformer side by side", () => {
    const registry = createTransformerRegistry([transformer(), transformer({ version: 2 })]);
    expect(registry.forEvent("shop", "order.completed")).toHaveLength(2);
  });

  it("rejects the same name@version registered twice", () => {
    expect(() => createTransformerRegistry([transformer(), transformer({ version: 1 })])).toThrow(
      "Transformer `order-to-partner@1` is registered twice",
    );
  });

  it.each([
    [{ name: "bad name" }, "`transformers[0].name`"],
    [{ version: 0 }, "`transformers[0].version`"],
    [{ source: "" }, "`transformers[0].source`"],
    [{ type: [] }, "`transformers[0].type`"],
    [{ to: [] }, "`transformers[0].to`"],
    [{ to: ["partner", "partner"] }, "`transformers[0].to`"],
    [{ to: ["a@b"] }, "`transformers[0].to[0]`"],
    [{ transform: "nope" as never }, "`transformers[0].transform`"],
  ])("rejects %o naming the option", (overrides, option) => {
    expect(() => createTransformerRegistry([transformer(overrides)])).toThrow(ConfigurationError);
    expect(() => createTransformerRegistry([transformer(overrides)])).toThrow(option);
  });

  it("rejects an unknown policy", () => {
    expect(() => createTransformerRegistry([], { unknownEventTypes: "drop" as never })).toThrow(
      "`unknownEventTypes`",
    );
  });
});
