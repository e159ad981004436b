/**
 * Reading provider payloads defensively: a preset's extractors see untrusted (though verified)
 * JSON, so every step checks its type instead of trusting a shape.
 */

/**
 * The value at `path` inside `value`, or `undefined` when any step is missing or not an object.
 * @internal
 */
export function pathOf(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * A non-empty string at `path`, else `undefined`.
 * @internal
 */
export function stringAt(value: unknown, ...path: readonly string[]): string | undefined {
  const found = pathOf(value, ...path);
  return typeof found === "string" && found !== "" ? found : undefined;
}

/**
 * A finite number at `path`, else `undefined`.
 * @internal
 */
export function numberAt(value: unknown, ...path: readonly string[]): number | undefined {
  const found = pathOf(value, ...path);
  return typeof found === "number" && Number.isFinite(found) ? found : undefined;
}

/**
 * Epoch ms of an ISO 8601 date string at `path`, else `undefined`.
 * @internal
 */
export function dateAt(value: unknown, ...path: readonly string[]): number | undefined {
  const text = stringAt(value, ...path);
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Epoch ms of a header holding unix seconds, else `undefined`.
 * @internal
 */
export function secondsHeader(headers: Headers, name: string): number | undefined {
  const text = headers.get(name);
  return text !== null && /^[0-9]{1,15}$/.test(text) ? Number(text) * 1000 : undefined;
}

/**
 * A non-empty header value, else `undefined`.
 * @internal
 */
export function headerValue(headers: Headers, name: string): string | undefined {
  const text = headers.get(name);
  return text === null || text === "" ? undefined : text;
}
