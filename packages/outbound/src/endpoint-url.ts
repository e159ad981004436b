import { EndpointUrlRefusedError } from "@hookwise/core";
import { createAddressPolicy, literalAddress, type AddressPolicy } from "./address-policy.ts";

/**
 * Checks an endpoint URL when it is registered and returns it parsed (WHATWG normalised). Refused
 * with {@link EndpointUrlRefusedError} (422): anything but an absolute `http:` or `https:` URL, a URL
 * carrying a username or password, a literal IP address the policy refuses (IPv6 in brackets and odd
 * IPv4 spellings such as `http://2130706433/` included, judged after normalisation), and `localhost`
 * or `*.localhost` unless the policy allows loopback addresses. Other host names are judged at
 * delivery time, on the addresses they resolve to.
 * @example
 * const url = checkEndpointUrl("https://partner.example.com/hooks", createAddressPolicy());
 * checkEndpointUrl("http://169.254.169.254/latest", createAddressPolicy()); // throws (422)
 * @category Security
 */
export function checkEndpointUrl(url: string, policy: AddressPolicy): URL {
  const parsed = parseHttpUrl(url);
  if (parsed.username !== "" || parsed.password !== "")
    throw new EndpointUrlRefusedError(
      "Endpoint URL must not contain a username or password: remove them from the URL and " +
        "authenticate the receiver with the webhook signature instead.",
    );
  const host = parsed.hostname;
  const address = literalAddress(host);
  if (address !== undefined) refuseAddress(host, address, policy);
  else if (isLocalhost(host)) refuseAddress(host, LOOPBACK, policy);
  return parsed;
}

const LOOPBACK = "127.0.0.1";
const DEVELOPMENT_POLICY: AddressPolicy = createAddressPolicy({ allowPrivateNetworks: true });

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new EndpointUrlRefusedError(
      "Endpoint URL is not a valid absolute URL: give one such as https://example.com/webhooks.",
    );
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:")
    throw new EndpointUrlRefusedError(
      // The scheme is not echoed: in "user:secret@host" it is the user name.
      "Endpoint URL must use https: or http:; give one such as https://example.com/webhooks.",
    );
  return parsed;
}

/** Throws when the policy refuses `address`, the address `host` stands for. */
function refuseAddress(host: string, address: string, policy: AddressPolicy): void {
  const verdict = policy.check(address);
  if (verdict.allowed) return;
  const advice = DEVELOPMENT_POLICY.isAllowed(address)
    ? "Use a public host name, or set `allowPrivateNetworks: true` to send to local receivers in development."
    : "Webhooks are never sent to link-local, cloud metadata or other special-purpose addresses; use a public host name.";
  throw new EndpointUrlRefusedError(
    `Endpoint URL host ${host} is refused (${verdict.reason}). ${advice}`,
  );
}

/** `localhost` and `*.localhost` resolve to loopback (RFC 6761), with or without the final dot. */
function isLocalhost(host: string): boolean {
  const name = host.endsWith(".") ? host.slice(0, -1) : host;
  return name === "localhost" || name.endsWith(".localhost");
}
