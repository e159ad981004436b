import { describe, expect, it } from "vitest";
import { headerRecord, toHeaders } from "../../src/ingest/record-headers.ts";

/** What a web Headers object makes of the same record, for comparison. */
function web(record: Record<string, string | string[]>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(record)) {
    for (const one of typeof value === "string" ? [value] : value) headers.append(name, one);
  }
  return headers;
}

describe("toHeaders over a Node header record", () => {
  const record = {
    "x-b": "2",
    "Content-Type": "application/json",
    "set-cookie": ["a=1", "b=2"],
    "x-multi": ["one", "two"],
    "x-a": "",
  };

  it("reads every header as a web Headers object would, names in any case", () => {
    const ours = toHeaders(record);
    const theirs = web(record);
    for (const name of [
      "content-type",
      "CONTENT-TYPE",
      "x-b",
      "x-multi",
      "x-a",
      "set-cookie",
      "x-none",
    ]) {
      expect([name, ours.get(name)]).toEqual([name, theirs.get(name)]);
      expect(ours.has(name)).toBe(theirs.has(name));
    }
    expect(ours.getSetCookie()).toEqual(theirs.getSetCookie());
  });

  it("iterates sorted by name with each set-cookie apart, as Headers does", () => {
    const ours = toHeaders(record);
    const theirs = web(record);
    expect([...ours]).toEqual([...theirs]);
    expect([...ours.keys()]).toEqual([...theirs.keys()]);
    expect([...ours.values()]).toEqual([...theirs.values()]);
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
    const seen: string[] = [];
    ours.forEach((value, name) => seen.push(`${name}=${value}`));
    expect(seen).toEqual([...theirs].map(([name, value]) => `${name}=${value}`));
  });

  it("writes as Headers does: set replaces, append joins, delete removes", () => {
    const ours = toHeaders({ "x-one": "1" });
    const theirs = web({ "x-one": "1" });
    for (const headers of [ours, theirs]) {
      headers.append("X-One", "2");
      headers.set("x-two", "a");
      headers.append("set-cookie", "c=3");
      headers.delete("x-missing");
    }
    expect([...ours]).toEqual([...theirs]);
    ours.delete("x-one");
    theirs.delete("x-one");
    expect([...ours]).toEqual([...theirs]);
  });

  it("stores the headers as a plain record of lower-case names, a header named __proto__ included", () => {
    // JSON.parse makes `__proto__` an own property, as a header record from the wire has it.
    const incoming = JSON.parse(
      '{ "X-A": "1", "x-multi": ["one", "two"], "__proto__": "p", "set-cookie": ["a=1"] }',
    ) as Record<string, string | string[]>;
    const stored = headerRecord(toHeaders(incoming));
    expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
    expect(Object.keys(stored).sort()).toEqual(["__proto__", "set-cookie", "x-a", "x-multi"]);
    expect(Object.getOwnPropertyDescriptor(stored, "__proto__")?.value).toBe("p");
    expect([stored["x-a"], stored["x-multi"], stored["set-cookie"]]).toEqual([
      "1",
      "one, two",
      "a=1",
    ]);
  });

  it("passes a web Headers object through untouched", () => {
    const headers = new Headers({ a: "1" });
    expect(toHeaders(headers)).toBe(headers);
  });
});
