/**
 * Bodies of providers that post either form-encoded fields or JSON (Twilio, Mailgun): the form
 * becomes an object of fields, a repeated name an array of its values in order.
 */
import { fromUtf8 } from "../../util/bytes.ts";

/**
 * Parses `body` as a form when the media type says so, else as JSON.
 * @internal
 */
export function parseFormOrJson(body: Uint8Array, contentType: string | undefined): unknown {
  const text = fromUtf8(body);
  if (mediaType(contentType) !== "application/x-www-form-urlencoded")
    return JSON.parse(text) as unknown;
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    // Own-property check: a field named `__proto__` or `constructor` is data, not a prototype.
    const previous = Object.hasOwn(fields, name) ? fields[name] : undefined;
    if (previous === undefined) {
      Object.defineProperty(fields, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else fields[name] = Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return fields;
}

/**
 * The lower-case media type without parameters.
 * @internal
 */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}
