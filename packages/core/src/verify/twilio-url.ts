/**
 * The URL spellings twilio-node accepts for one request: the URL as received with and without the
 * default port (Twilio signs whatever was configured, and proxies add or drop `:443`), then the
 * `new URL()`-normalised form with and without the port (for back ends that signed an escaped form).
 * Trying several spellings is safe: each one still needs the auth token to match.
 */

/**
 * Distinct candidate URLs for `url`, most likely first.
 * @internal
 */
export function twilioUrlCandidates(url: string): readonly string[] {
  const candidates = [removePort(url), addPort(url)];
  const normalized = normalize(url);
  if (normalized !== undefined) candidates.push(removePort(normalized), addPort(normalized));
  return [...new Set(candidates)];
}

/**
 * The `bodySHA256` query parameter Twilio adds to the URL of JSON callbacks, if any.
 * @internal
 */
export function bodyHashParameter(url: string): string | undefined {
  const query = url.indexOf("?");
  if (query === -1) return undefined;
  const hash = url.indexOf("#", query);
  const params = new URLSearchParams(url.slice(query + 1, hash === -1 ? undefined : hash));
  return params.get("bodySHA256") ?? undefined;
}

interface UrlParts {
  readonly scheme: string;
  readonly userInfo: string;
  readonly host: string;
  readonly port: string;
  readonly rest: string;
}

/** Splits without normalising, so the path and query keep the exact characters Twilio signed. */
function splitUrl(url: string): UrlParts | undefined {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (match === null) return undefined;
  const [prefix, scheme = "", authority = ""] = match;
  const userInfoEnd = authority.lastIndexOf("@");
  const hostAndPort = authority.slice(userInfoEnd + 1);
  // A colon only starts the port after the closing bracket of an IPv6 literal.
  const portStart = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1);
  return {
    scheme,
    userInfo: authority.slice(0, userInfoEnd + 1),
    host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
    port: portStart === -1 ? "" : hostAndPort.slice(portStart),
    rest: url.slice(prefix.length),
  };
}

function addPort(url: string): string {
  const parts = splitUrl(url);
  if (parts === undefined || parts.port !== "") return url;
  const port = parts.scheme.toLowerCase() === "https://" ? ":443" : ":80";
  return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

function removePort(url: string): string {
  const parts = splitUrl(url);
  if (parts === undefined) return url;
  return parts.scheme + parts.userInfo + parts.host + parts.rest;
}

function normalize(url: string): string | undefined {
  try {
    return new URL(url).toString();
  } catch {
    return undefined;
  }
}
