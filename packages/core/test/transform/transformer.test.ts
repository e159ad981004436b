import {
  defineSource,
  defineTransformer,
  transformerId,
  type SignatureVerifier,
  type TransformInput,
} from "@hookwise/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";

const verifier: SignatureVerifier = { scheme: "none", verify: () => Promise.resolve() };
const shop = defineSource({
  name: "shop",
  verifier,
  id: () => "1",
  type: () => "order.completed",
  schemas: {
    "order.completed": z.object({
      id: z.string(),
      total: z.number(),
      placedAt: z.string().transform((s) => new Date(s)),
    }),
    "order.refunded": z.object({ id: z.string(), amount: z.number() }),
  },
});

function input<T>(payload: T): TransformInput<T> {
  return {
    id: "hw_1",
    source: "shop",
    type: "order.completed",
    payload,
    receivedAt: 0,
    headers: {},
  };
}

describe("defineTransformer", () => {
  it("types the payload from the source's schema output for the event type", async () => {
    const toPartner = defineTransformer({
      name: "order-to-partner",
      source: shop,
      type: "order.completed",
      to: ["partner"],
      transform: ({ payload }) => {
        expectTypeOf(payload).toEqualTypeOf<{ id: string; total: number; placedAt: Date }>();
        return { orderId: payload.id, year: payload.placedAt.getUTCFullYear() };
      },
    });
    expect(toPartner.source).toBe("shop");
    const output = await toPartner.transform(
      input({ id: "o1", total: 5, placedAt: new Date(Date.UTC(2026, 0, 1)) }),
    );
    expect(output).toEqual({ orderId: "o1", year: 2026 });
    expectTypeOf(toPartner.transform).returns.toExtend<
      | { orderId: string; year: number }
      | readonly { orderId: string; year: number }[]
      | undefined
      | Promise<unknown>
    >();
  });

  it("types the payload as the union of the listed types' schemas", () => {
    defineTransformer({
      name: "orders",
      source: shop,
      type: ["order.completed", "order.refunded"],
      to: ["ledger"],
      transform: ({ payload }) => {
        expectTypeOf(payload.id).toEqualTypeOf<string>();
        return "total" in payload ? payload.total : -payload.amount;
      },
    });
  });

  it("leaves the payload unknown for a type without a schema, or a source given by name", () => {
    defineTransformer({
      name: "created",
      source: shop,
      type: "order.created",
      to: ["ledger"],
      transform: ({ payload }) => {
        expectTypeOf(payload).toBeUnknown();
        return undefined;
      },
    });
    const byName = defineTransformer({
      name: "by-name",
      source: "shop",
      type: "order.completed",
      to: ["ledger"],
      transform: ({ payload }) => {
        expectTypeOf(payload).toBeUnknown();
        return [1, 2];
      },
    });
    expect(byName.source).toBe("shop");
  });

  it("rejects a payload property the schema does not have (compile-time)", () => {
    defineTransformer({
      name: "typo",
      source: shop,
      type: "order.refunded",
      to: ["ledger"],
      transform: ({ payload }) => {
        // @ts-expect-error: `total` is not in the order.refunded schema
        const total: number = payload.total; // eslint-disable-line @typescript-eslint/no-unsafe-assignment -- a deliberate type error
        return total;
      },
    });
  });

  it("keeps `this` for a definition written as a class instance", async () => {
    class Doubler {
      readonly name = "doubler";
      readonly source = "shop";
      readonly type = "n";
      readonly to = ["ledger"];
      readonly factor = 2;
      transform({ payload }: TransformInput): number {
        return (payload as number) * this.factor;
      }
    }
    const doubler = defineTransformer(new Doubler());
    expect(await doubler.transform(input(21))).toBe(42);
  });
});

describe("transformerId", () => {
  it("is name@version, version 1 by default", () => {
    expect(transformerId({ name: "a" })).toBe("a@1");
    expect(transformerId({ name: "a", version: 3 })).toBe("a@3");
  });
});
