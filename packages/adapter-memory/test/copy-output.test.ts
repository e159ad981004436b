import { describe, expect, it } from "vitest";
import { copyOutput } from "../src/event-record-updates.ts";

describe("copyOutput (how the memory store copies transformer outputs)", () => {
  it("copies JSON-like data deeply: the copy shares nothing with the original", () => {
    const original = {
      id: "ord_1",
      lines: [{ sku: "A", qty: 2 }],
      note: null,
      total: 4.5,
      paid: true,
    };
    const copy = copyOutput(original) as typeof original;
    expect(copy).toEqual(original);
    expect(copy).not.toBe(original);
    expect(copy.lines).not.toBe(original.lines);
    expect(copy.lines[0]).not.toBe(original.lines[0]);
  });

  it("keeps an own __proto__ key as a key, never as the prototype", () => {
    const original = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const copy = copyOutput(original) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(["__proto__", "a"]);
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("hands values that are not plain data to structuredClone, with its semantics", () => {
    const when = new Date(0);
    const original = { when, tags: new Map([["a", 1]]) };
    const copy = copyOutput(original) as typeof original;
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when).not.toBe(when);
    expect(copy.tags.get("a")).toBe(1);
    expect(() => copyOutput({ nested: { fn: () => 1 } })).toThrow();
  });

  it("copies values nested deeper than the plain-copy depth", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 100; i++) deep = { next: deep };
    expect(copyOutput(deep)).toEqual(deep);
  });
});
