import { ConfigurationError } from "@hookwise/core";
import { positiveLimit } from "./validate-option.ts";

/** What both memory stores page by: an insertion sequence, the cursor. */
interface Sequenced {
  readonly seq: number;
}

/**
 * One page of `entries` (in insertion order) after the cursor: the sequence of the last entry
 * returned, so paging stays exact while entries are added or removed. `include` filters, `copy`
 * makes what the caller may keep.
 * @internal
 */
export function sequencePage<E extends Sequenced, R>(
  entries: Iterable<E>,
  options: { readonly limit: number; readonly cursor?: string | undefined },
  include: (entry: E) => boolean,
  copy: (entry: E) => R,
): { records: R[]; nextCursor?: string } {
  const limit = positiveLimit("limit", options.limit);
  const after = options.cursor === undefined ? 0 : Number(options.cursor);
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new ConfigurationError("`cursor` must be a `nextCursor` returned by this store.");
  }
  const page: E[] = [];
  for (const entry of entries) {
    if (entry.seq <= after || !include(entry)) continue;
    if (page.length === limit) {
      return { records: page.map(copy), nextCursor: String(page.at(-1)?.seq) };
    }
    page.push(entry);
  }
  return { records: page.map(copy) };
}
