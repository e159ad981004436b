/**
 * The canonical request Contentful signs, built exactly as `@contentful/node-apps-toolkit`
 * (`src/requests/sign-request.ts`, `utils.ts`) builds it, except for a second `?` in the URL.
 */

/**
 * Header listing the signed headers, comma-separated.
 * @category Verification
 */
export const CONTENTFUL_SIGNED_HEADERS_HEADER = "x-contentful-signed-headers";

/**
 * Header carrying the signing time, unix milliseconds.
 * @category Verification
 */
export const CONTENTFUL_TIMESTAMP_HEADER = "x-contentful-timestamp";

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * `method \n path \n k:v;k:v… \n` (the body follows): the text before the body.
 * `signed` maps the signed header names (lower-case) to their values; the two `x-contentful-*`
 * entries are set here, from `timestamp` and from the sorted names.
 * @internal
 */
export function canonicalPrefix(
  method: string,
  pathAndQuery: string,
  signed: ReadonlyMap<string, string>,
  timestamp: string,
): string {
  const headers = new Map(signed);
  headers.set(CONTENTFUL_TIMESTAMP_HEADER, timestamp);
  const names = [...headers.keys(), CONTENTFUL_SIGNED_HEADERS_HEADER].filter(unique).sort();
  headers.set(CONTENTFUL_SIGNED_HEADERS_HEADER, names.join(","));
  const lines = names.map((name) => `${name}:${headers.get(name) ?? ""}`).join(";");
  return `${method}\n${encodePath(pathAndQuery)}\n${lines}\n`;
}

/**
 * The headers a request signed, as the SDK picks them: each name listed in
 * `x-contentful-signed-headers` that is already lower-case and present, with its value trimmed.
 * (The SDK compares the listed names untrimmed with normalised header names, so `"a, b"` signs
 * only `a`; hookwise does the same, or the signatures would differ.)
 * @internal
 */
export function pickSignedHeaders(headers: Headers, list: string): Map<string, string> {
  const picked = new Map<string, string>();
  for (const name of list.split(",")) {
    if (!HEADER_NAME.test(name)) continue;
    const value = headers.get(name);
    if (value !== null) picked.set(name, value.trim());
  }
  return picked;
}

/**
 * The path as the SDK encodes it: `encodeURI(pathname + "?" + querystring.escape(query))`, with
 * `querystring.escape` = `encodeURIComponent` for well-formed strings. So `a=b` in the query is
 * signed as `a%253Db`. The query is everything after the first `?`.
 * @internal
 */
export function encodePath(pathAndQuery: string): string {
  const mark = pathAndQuery.indexOf("?");
  if (mark === -1) return encodeURI(pathAndQuery);
  const query = pathAndQuery.slice(mark + 1);
  const pathname = pathAndQuery.slice(0, mark);
  return encodeURI(query === "" ? pathname : `${pathname}?${encodeURIComponent(query)}`);
}

/**
 * The path and query of an absolute URL, textually (`new URL()` would re-encode characters).
 * @internal
 */
export function pathAndQueryOf(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  const rest = match === null ? url : url.slice(match[0].length);
  const hash = rest.indexOf("#");
  const withoutHash = hash === -1 ? rest : rest.slice(0, hash);
  return withoutHash.startsWith("/") ? withoutHash : `/${withoutHash}`;
}

/**
 * A valid header name, lower-case.
 * @internal
 */
export function isHeaderName(name: string): boolean {
  return HEADER_NAME.test(name);
}

function unique(name: string, index: number, all: readonly string[]): boolean {
  return all.indexOf(name) === index;
}
