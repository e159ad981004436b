/**
 * The query parameters of a request URL, absolute or a bare path. The glue builds the absolute form
 * from the sender's `Host` header, which may be anything (`h:99999`, `a b`), so a URL that does not
 * parse still gives its query, read from the text after `?`, instead of throwing.
 * @internal
 */
export function queryOf(url: string): URLSearchParams {
  if (URL.canParse(url, "http://localhost")) return new URL(url, "http://localhost").searchParams;
  const start = url.indexOf("?");
  if (start === -1) return new URLSearchParams();
  const end = url.indexOf("#", start);
  return new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end));
}
