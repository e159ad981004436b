import { describe, expect, it } from "vitest";
import {
  CLOUD_METADATA_ADDRESSES,
  createAddressPolicy,
  literalAddress,
} from "../src/address-policy.ts";

/** [address, default verdict, verdict with allowPrivateNetworks]; a string is the refusal reason. */
const TABLE: readonly (readonly [string, true | string, true | string])[] = [
  // Public unicast.
  ["8.8.8.8", true, true],
  ["93.184.215.14", true, true],
  ["2606:4700:4700::1111", true, true],
  ["::ffff:8.8.8.8", true, true],
  // Loopback, in every spelling.
  ["127.0.0.1", "loopback address", true],
  ["127.255.255.254", "loopback address", true],
  ["::1", "loopback address", true],
  ["::ffff:127.0.0.1", "loopback address", true],
  ["::ffff:7f00:1", "loopback address", true],
  ["0:0:0:0:0:ffff:7f00:1", "loopback address", true],
  ["0x7f.1", "loopback address", true],
  // Private networks.
  ["10.0.0.1", "private network address", true],
  ["172.16.0.1", "private network address", true],
  ["172.31.255.255", "private network address", true],
  ["192.168.1.1", "private network address", true],
  ["::ffff:10.0.0.1", "private network address", true],
  ["fc00::1", "unique local address", true],
  ["fd12:3456::1", "unique local address", true],
  ["100.64.0.1", "carrier-grade NAT address", true],
  // Neighbours of the private ranges are public.
  ["172.32.0.1", true, true],
  ["11.0.0.1", true, true],
  // Link-local: refused in both modes.
  ["169.254.0.1", "link-local address", "link-local address"],
  ["::ffff:169.254.10.10", "link-local address", "link-local address"],
  ["fe80::1", "link-local address", "link-local address"],
  ["fe80::1%eth0", "link-local address", "link-local address"],
  // Cloud metadata: refused in both modes.
  ["169.254.169.254", "cloud metadata address", "cloud metadata address"],
  ["::ffff:169.254.169.254", "cloud metadata address", "cloud metadata address"],
  ["::ffff:a9fe:a9fe", "cloud metadata address", "cloud metadata address"],
  ["fd00:ec2::254", "cloud metadata address", "cloud metadata address"],
  ["fd00:ec2:0:0:0:0:0:254", "cloud metadata address", "cloud metadata address"],
  ["100.100.100.200", "cloud metadata address", "cloud metadata address"],
  ["192.0.0.192", "cloud metadata address", "cloud metadata address"],
  // Everything else special-purpose: refused in both modes.
  ["0.0.0.0", "unspecified address", "unspecified address"],
  ["::", "unspecified address", "unspecified address"],
  ["224.0.0.1", "multicast address", "multicast address"],
  ["ff02::1", "multicast address", "multicast address"],
  ["255.255.255.255", "broadcast address", "broadcast address"],
  ["240.0.0.1", "reserved address", "reserved address"],
  ["192.0.2.10", "reserved address", "reserved address"],
  ["198.18.0.1", "reserved address", "reserved address"],
  ["2001:db8::1", "reserved address", "reserved address"],
  ["fec0::1", "site-local address", "site-local address"],
  ["64:ff9b::7f00:1", "NAT64 address", "NAT64 address"],
  ["64:ff9b::a9fe:a9fe", "NAT64 address", "NAT64 address"],
  ["2002:7f00:1::1", "6to4 address", "6to4 address"],
  ["2001::1", "Teredo address", "Teredo address"],
  ["::ffff:0:7f00:1", "IPv4-translated address", "IPv4-translated address"],
  // IPv4-compatible (deprecated) forms do not reach IPv4: reserved.
  ["::7f00:1", "reserved address", "reserved address"],
  ["::127.0.0.1", "reserved address", "reserved address"],
  ["::8.8.8.8", "reserved address", "reserved address"],
  // Not addresses at all.
  ["localhost", "not an IP address", "not an IP address"],
  ["example.com", "not an IP address", "not an IP address"],
  ["", "not an IP address", "not an IP address"],
];

describe("createAddressPolicy", () => {
  const strict = createAddressPolicy();
  const development = createAddressPolicy({ allowPrivateNetworks: true });
  const verdict = (expected: true | string) =>
    expected === true ? { allowed: true } : { allowed: false, reason: expected };

  it.each(TABLE)("judges %s (default: %s, allowPrivateNetworks: %s)", (address, strictly, dev) => {
    expect(strict.check(address)).toEqual(verdict(strictly));
    expect(strict.isAllowed(address)).toBe(strictly === true);
    expect(development.check(address)).toEqual(verdict(dev));
    expect(development.isAllowed(address)).toBe(dev === true);
  });

  it("refuses every cloud metadata address whatever the options", () => {
    for (const address of CLOUD_METADATA_ADDRESSES) {
      expect(strict.isAllowed(address)).toBe(false);
      expect(development.check(address)).toEqual(verdict("cloud metadata address"));
    }
  });

  it("refuses the whole link-local ranges in development too", () => {
    for (let octet = 0; octet < 256; octet += 17) {
      expect(development.isAllowed(`169.254.${octet}.${255 - octet}`)).toBe(false);
      expect(development.isAllowed(`fe80::${octet.toString(16)}:1`)).toBe(false);
      expect(development.isAllowed(`febf::${octet.toString(16)}`)).toBe(false);
    }
  });

  it("returns a frozen policy", () => {
    expect(Object.isFrozen(strict)).toBe(true);
  });
});

describe("literalAddress", () => {
  it.each([
    ["127.0.0.1", "127.0.0.1"],
    ["[::1]", "::1"],
    ["[::ffff:7f00:1]", "::ffff:7f00:1"],
    ["example.com", undefined],
    ["localhost", undefined],
  ])("reads %s as %s", (hostname, expected) => {
    expect(literalAddress(hostname)).toBe(expected);
  });
});
