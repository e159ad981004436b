import type { IncomingWebhook } from "./incoming-webhook.ts";

const OWN = { enumerable: true, writable: true, configurable: true } as const;

/** A Node-style header record: array values are repeated headers. */
type HeaderRecord = Exclude<IncomingWebhook["headers"], Headers>;

/**
 * A `Headers` over a Node-style header record, for glue that hands core `req.headers`. Building a
 * web `Headers` validates every name and value again (Node has done that) and costs several
 * microseconds a request; this copies the record once into a map of lower-case names and answers
 * `get` from it. It behaves as `Headers` does for reading, iteration (sorted names, `set-cookie` kept
 * apart) and writing, but is not an `instanceof Headers`.
 */
class RecordHeaders implements Headers {
  readonly #values = new Map<string, string>();
  readonly #cookies: string[] = [];

  constructor(record: HeaderRecord) {
    for (const name in record) {
      const value = record[name];
      if (value === undefined) continue;
      const key = name.toLowerCase();
      if (key === "set-cookie") {
        this.#cookies.push(...(typeof value === "string" ? [value] : value));
        continue;
      }
      const joined = typeof value === "string" ? value : value.join(", ");
      const previous = this.#values.get(key);
      this.#values.set(key, previous === undefined ? joined : `${previous}, ${joined}`);
    }
  }

  get(name: string): string | null {
    const key = name.toLowerCase();
    if (key === "set-cookie") return this.#cookies.length === 0 ? null : this.#cookies.join(", ");
    return this.#values.get(key) ?? null;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  getSetCookie(): string[] {
    return [...this.#cookies];
  }

  set(name: string, value: string): void {
    const key = name.toLowerCase();
    if (key === "set-cookie") this.#cookies.splice(0, this.#cookies.length, value);
    else this.#values.set(key, value);
  }

  append(name: string, value: string): void {
    const key = name.toLowerCase();
    const previous = this.#values.get(key);
    if (key === "set-cookie") this.#cookies.push(value);
    else this.#values.set(key, previous === undefined ? value : `${previous}, ${value}`);
  }

  delete(name: string): void {
    const key = name.toLowerCase();
    if (key === "set-cookie") this.#cookies.length = 0;
    else this.#values.delete(key);
  }

  forEach(
    callback: (value: string, key: string, parent: Headers) => void,
    thisArg?: unknown,
  ): void {
    for (const [key, value] of this.#sorted()) callback.call(thisArg, value, key, this);
  }

  entries(): HeadersIterator<[string, string]> {
    return this.#sorted().values();
  }

  keys(): HeadersIterator<string> {
    const keys = this.#sorted().map(([key]) => key);
    return keys.values();
  }

  values(): HeadersIterator<string> {
    const values = this.#sorted().map(([, value]) => value);
    return values.values();
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }

  /** The headers as a plain record of lower-case names, unsorted (for storing the event). */
  toRecord(): Record<string, string> {
    // A loop, not `Object.fromEntries`: a fifth of the cost on Node 20 for a request's headers.
    const record: Record<string, string> = {};
    for (const [name, value] of this.#values) {
      // A header named `__proto__` is a header: an own property, never the record's prototype.
      if (name === "__proto__") Object.defineProperty(record, name, { ...OWN, value });
      else record[name] = value;
    }
    if (this.#cookies.length > 0) record["set-cookie"] = this.#cookies.join(", ");
    return record;
  }

  /** Name–value pairs in the order `Headers` iterates: by name, each `set-cookie` on its own. */
  #sorted(): [string, string][] {
    const pairs: [string, string][] = [...this.#values];
    for (const cookie of this.#cookies) pairs.push(["set-cookie", cookie]);
    return pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

/**
 * The request's headers as `Headers`: a web `Headers` as it is, a Node-style record through a light
 * view (see {@link RecordHeaders}).
 * @internal
 */
export function toHeaders(input: IncomingWebhook["headers"]): Headers {
  return input instanceof Headers ? input : new RecordHeaders(input);
}

/**
 * The headers as the event record keeps them: lower-case names, repeated values joined with `, `.
 * @internal
 */
export function headerRecord(headers: Headers): Record<string, string> {
  return headers instanceof RecordHeaders ? headers.toRecord() : Object.fromEntries(headers);
}
