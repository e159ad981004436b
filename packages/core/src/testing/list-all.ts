/** A store's `list`: pages of records with ids, and a cursor while more follow. */
type ListPages<TOptions> = (options: TOptions) => Promise<{
  readonly records: readonly { readonly id: string }[];
  readonly nextCursor?: string;
}>;

/**
 * Pages through `list` to the end and returns the ids in order; throws if a page holds more than
 * `limit` records or paging never ends. `between` runs between pages (inserting while paging).
 * @internal
 */
export async function listAllIds<
  TOptions extends { readonly limit: number; readonly cursor?: string },
>(list: ListPages<TOptions>, options: TOptions, between?: () => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 1_000; page++) {
    const result = await list(cursor === undefined ? options : { ...options, cursor });
    if (result.records.length > options.limit)
      throw new Error(`A page held more than ${options.limit} records.`);
    ids.push(...result.records.map((record) => record.id));
    if (result.nextCursor === undefined) return ids;
    cursor = result.nextCursor;
    await between?.();
  }
  throw new Error("Paging never ended.");
}
