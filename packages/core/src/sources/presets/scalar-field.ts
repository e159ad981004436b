/** Ids that providers send as a string or as a number. */
import { pathOf } from "./payload-fields.ts";

/**
 * A string or finite number at `path`, as text.
 * @internal
 */
export function scalarAt(value: unknown, ...path: readonly string[]): string | undefined {
  const found = pathOf(value, ...path);
  if (typeof found === "string" && found !== "") return found;
  return typeof found === "number" && Number.isFinite(found) ? String(found) : undefined;
}
