import { ConfigurationError } from "../errors.ts";
import type { VerifyRequest } from "./signature-scheme.ts";

/**
 * The URL a provider addressed, for schemes that sign it (Twilio, Square, HubSpot). Behind a proxy
 * or a tunnel the URL your server sees differs from the public one, and the signature then fails.
 *
 * - a string: the public ORIGIN (`https://hooks.example.com`, with a port if it is not the
 *   default). It replaces the scheme, host and port of the received URL; the path and query are
 *   kept exactly as received (not re-encoded).
 * - a function: returns the full public URL for a request, for anything else (a path prefix the
 *   proxy strips, a fixed URL configured at the provider).
 * @example
 * createTwilioVerifier({ secret, publicUrl: "https://hooks.example.com" });
 * createSquareVerifier({ secret, publicUrl: () => "https://hooks.example.com/square" });
 * @category Verification
 */
export type PublicUrl = string | ((request: VerifyRequest) => string);

/**
 * Validates a {@link PublicUrl} option eagerly and returns the function that applies it.
 * @internal
 */
export function compilePublicUrl(
  publicUrl: PublicUrl | undefined,
): (request: VerifyRequest) => string {
  if (publicUrl === undefined) return (request) => request.url;
  if (typeof publicUrl === "function") return publicUrl;
  const origin = parseOrigin(publicUrl);
  return (request) => origin + pathAndQuery(request.url);
}

function parseOrigin(text: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(text);
  } catch {
    parsed = undefined;
  }
  const bare =
    parsed !== undefined && parsed.pathname === "/" && parsed.search === "" && parsed.hash === "";
  if (parsed === undefined || !bare || !/^https?:$/.test(parsed.protocol)) {
    throw new ConfigurationError(
      "`publicUrl` as a string must be an http(s) origin such as `https://hooks.example.com`; pass a function to build any other URL.",
    );
  }
  return parsed.origin;
}

/** The path and query of an absolute URL, textually (`new URL()` would re-encode characters the provider signed). */
function pathAndQuery(url: string): string {
  const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  const rest = match === null ? url : url.slice(match[0].length);
  const hash = rest.indexOf("#");
  const withoutHash = hash === -1 ? rest : rest.slice(0, hash);
  return withoutHash.startsWith("/") ? withoutHash : `/${withoutHash}`;
}
