import ipaddr from "ipaddr.js";

/**
 * Options of {@link createAddressPolicy}.
 * @category Security
 */
export interface AddressPolicyOptions {
  /**
   * Also allow loopback (`127.0.0.0/8`, `::1`), private (`10/8`, `172.16/12`, `192.168/16`),
   * unique-local (`fc00::/7`) and carrier-grade NAT (`100.64/10`, used by Tailscale and some
   * container networks) addresses: for development against local receivers. Link-local addresses
   * (`169.254/16`, `fe80::/10`) and cloud metadata addresses stay refused whatever this says.
   * @default false
   */
  readonly allowPrivateNetworks?: boolean;
}

/**
 * The policy's answer for one address. `reason` is a short human phrase such as
 * `"loopback address"`, safe to show to whoever registered the endpoint.
 * @category Security
 */
export type AddressVerdict =
  { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * Decides which IP addresses webhooks may be sent to (server-side request forgery protection). It
 * judges addresses, never names: transports ask it about every address a host name resolves to.
 * @category Security
 */
export interface AddressPolicy {
  /** The verdict for one IPv4 or IPv6 address; anything that is not an IP address is refused. */
  check(address: string): AddressVerdict;
  /** `check(address).allowed`. */
  isAllowed(address: string): boolean;
}

/**
 * Cloud metadata service addresses, refused whatever the options: AWS, GCP, Azure and most others
 * (`169.254.169.254`), AWS over IPv6 (`fd00:ec2::254`), Alibaba Cloud (`100.100.100.200`) and Oracle
 * Cloud (`192.0.0.192`). Every other link-local address is refused too.
 * @category Security
 */
export const CLOUD_METADATA_ADDRESSES: readonly string[] = Object.freeze([
  "169.254.169.254",
  "fd00:ec2::254",
  "100.100.100.200",
  "192.0.0.192",
]);

/**
 * The default policy refuses every address that is not ordinary public unicast (ipaddr.js's
 * `unicast` range): loopback, private, unique-local, link-local, carrier-grade NAT, unspecified,
 * multicast, broadcast, reserved and documentation ranges, and the IPv6 forms that embed an IPv4
 * address (NAT64, 6to4, Teredo). IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as the IPv4 address.
 * @example
 * const policy = createAddressPolicy();
 * policy.check("10.0.0.1"); // { allowed: false, reason: "private network address" }
 * createAddressPolicy({ allowPrivateNetworks: true }).isAllowed("10.0.0.1"); // true
 * @category Security
 */
export function createAddressPolicy(options: AddressPolicyOptions = {}): AddressPolicy {
  const allowedRanges = options.allowPrivateNetworks === true ? DEVELOPMENT_RANGES : PUBLIC_RANGES;
  const check = (address: string): AddressVerdict => {
    const parsed = parse(address);
    if (parsed === undefined) return refused("not an IP address");
    if (METADATA.some((metadata) => sameAddress(parsed, metadata)))
      return refused("cloud metadata address");
    const range = rangeOf(parsed);
    if (allowedRanges.has(range)) return ALLOWED;
    return refused(REASONS[range] ?? "special-purpose address");
  };
  return Object.freeze({ check, isAllowed: (address: string) => check(address).allowed });
}

/**
 * The IP address a URL host names literally (brackets of IPv6 removed), or `undefined` for a host
 * name. WHATWG URL parsing has already turned odd IPv4 spellings (`2130706433`, `0x7f.1`) into
 * dotted decimal.
 * @internal
 */
export function literalAddress(hostname: string): string | undefined {
  const host =
    hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(host) ? host : undefined;
}

type Address = ipaddr.IPv4 | ipaddr.IPv6;

const ALLOWED: AddressVerdict = Object.freeze({ allowed: true });

const PUBLIC_RANGES: ReadonlySet<string> = new Set(["unicast"]);
const DEVELOPMENT_RANGES: ReadonlySet<string> = new Set([
  "unicast",
  "loopback",
  "private",
  "uniqueLocal",
  "carrierGradeNat",
]);

const METADATA: readonly Address[] = CLOUD_METADATA_ADDRESSES.map((address) =>
  ipaddr.parse(address),
);

/** `::/8` is reserved; what ipaddr.js calls plain unicast there is the deprecated IPv4-compatible form. */
const IPV6_RESERVED_LOW: [ipaddr.IPv6, number] = [ipaddr.IPv6.parse("::"), 8];

const REASONS: Readonly<Record<string, string>> = {
  unspecified: "unspecified address",
  broadcast: "broadcast address",
  multicast: "multicast address",
  linkLocal: "link-local address",
  loopback: "loopback address",
  carrierGradeNat: "carrier-grade NAT address",
  private: "private network address",
  uniqueLocal: "unique local address",
  reserved: "reserved address",
  benchmarking: "benchmarking address",
  rfc6052: "NAT64 address",
  rfc6145: "IPv4-translated address",
  "6to4": "6to4 address",
  teredo: "Teredo address",
  deprecatedSiteLocal: "site-local address",
  discard: "discard-only address",
};

function refused(reason: string): AddressVerdict {
  return { allowed: false, reason };
}

/**
 * `ipaddr.process` judges IPv4-mapped IPv6 as the IPv4 address it carries. ipaddr.js reads
 * `::1.2.3.4` as the mapped `::ffff:1.2.3.4`; a socket reads it as the IPv4-compatible `::102:304`,
 * so it is parsed as written (`::0:1.2.3.4`) and then refused as reserved.
 */
function parse(address: string): Address | undefined {
  const written = /^::\d+\.\d+\.\d+\.\d+(%.*)?$/.test(address)
    ? `::0:${address.slice(2)}`
    : address;
  if (!ipaddr.isValid(written)) return undefined;
  return ipaddr.process(written);
}

function rangeOf(address: Address): string {
  if (address.kind() === "ipv6") {
    const range = address.range();
    return range === "unicast" && address.match(IPV6_RESERVED_LOW) ? "reserved" : range;
  }
  return address.range();
}

/** Compares the bits only, so an IPv6 zone id (`%eth0`) makes no difference. */
function sameAddress(a: Address, b: Address): boolean {
  if (a.kind() !== b.kind()) return false;
  return a.match(b, a.kind() === "ipv4" ? 32 : 128);
}
