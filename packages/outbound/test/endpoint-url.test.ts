import { EndpointUrlRefusedError, isHookwiseError } from "@hookwise/core";
import { describe, expect, it } from "vitest";
import { createAddressPolicy } from "../src/address-policy.ts";
import { checkEndpointUrl } from "../src/endpoint-url.ts";

const strict = createAddressPolicy();
const development = createAddressPolicy({ allowPrivateNetworks: true });

function refusal(url: string, policy = strict): EndpointUrlRefusedError {
  try {
    checkEndpointUrl(url, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(EndpointUrlRefusedError);
    return error as EndpointUrlRefusedError;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe("checkEndpointUrl", () => {
  it("accepts absolute http(s) URLs and returns them normalised", () => {
    const url = checkEndpointUrl("HTTPS://Partner.Example.com:443/hooks?tenant=acme", strict);
    expect(url.href).toBe("https://partner.example.com/hooks?tenant=acme");
    expect(checkEndpointUrl("http://93.184.215.14:8080/in", strict).host).toBe(
      "93.184.215.14:8080",
    );
    expect(checkEndpointUrl("https://[2606:4700:4700::1111]/", strict).hostname).toBe(
      "[2606:4700:4700::1111]",
    );
  });

  it("answers 422", () => {
    const error = refusal("ftp://example.com/");
    expect(isHookwiseError(error)).toBe(true);
    expect(error.status).toBe(422);
  });

  it.each(["not a url", "/relative/path", "//example.com/hooks", "", "http://"])(
    "refuses %j as not an absolute URL",
    (url) => {
      expect(refusal(url).message).toMatch(/not a valid absolute URL/);
    },
  );

  it.each(["ftp://example.com/", "file:///etc/passwd", "javascript:alert(1)", "ws://example.com/"])(
    "refuses the scheme of %s",
    (url) => {
      expect(refusal(url).message).toMatch(/must use https: or http:/);
    },
  );

  it("never echoes what may be credentials", () => {
    for (const url of [
      "https://admin:hunter2@example.com/hooks",
      "https://admin@example.com/hooks",
      "https://:hunter2@example.com/hooks",
      "admin:hunter2@example.com",
    ]) {
      const { message } = refusal(url);
      expect(message).not.toMatch(/admin|hunter2/);
    }
    expect(refusal("https://admin:hunter2@example.com/").message).toMatch(
      /must not contain a username or password/,
    );
  });

  it.each([
    ["http://127.0.0.1/", "loopback address"],
    ["http://127.0.0.1:3000/hooks", "loopback address"],
    ["http://2130706433/", "loopback address"],
    ["http://0x7f.1/", "loopback address"],
    ["http://0177.0.0.1/", "loopback address"],
    ["http://127.1/", "loopback address"],
    ["http://[::1]/", "loopback address"],
    ["http://[::ffff:127.0.0.1]/", "loopback address"],
    ["http://10.0.0.8/", "private network address"],
    ["http://192.168.0.1/", "private network address"],
    ["http://[fd00::1]/", "unique local address"],
  ])("refuses %s (%s) and suggests allowPrivateNetworks", (url, reason) => {
    const { message } = refusal(url);
    expect(message).toContain(reason);
    expect(message).toContain("allowPrivateNetworks");
    expect(checkEndpointUrl(url, development).protocol).toBe("http:");
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/", "cloud metadata address"],
    ["http://[fd00:ec2::254]/", "cloud metadata address"],
    ["http://100.100.100.200/", "cloud metadata address"],
    ["http://192.0.0.192/", "cloud metadata address"],
    ["http://2852039166/", "cloud metadata address"],
    ["http://[::ffff:169.254.169.254]/", "cloud metadata address"],
    ["http://169.254.1.1/", "link-local address"],
    ["http://[fe80::1]/", "link-local address"],
    ["http://0.0.0.0/", "unspecified address"],
    ["http://0/", "unspecified address"],
    ["http://224.0.0.1/", "multicast address"],
  ])("refuses %s (%s) even with allowPrivateNetworks", (url, reason) => {
    for (const policy of [strict, development]) {
      const { message } = refusal(url, policy);
      expect(message).toContain(reason);
      expect(message).not.toContain("allowPrivateNetworks");
      expect(message).not.toContain("meta-data");
    }
  });

  it.each([
    "http://localhost/",
    "http://localhost:8080/hooks",
    "http://LOCALHOST./",
    "http://api.localhost/",
  ])("refuses %s unless private networks are allowed", (url) => {
    expect(refusal(url).message).toContain("loopback address");
    expect(checkEndpointUrl(url, development).protocol).toBe("http:");
  });

  it("leaves other host names to delivery time", () => {
    expect(checkEndpointUrl("https://internal.corp.example/hooks", strict).hostname).toBe(
      "internal.corp.example",
    );
    expect(checkEndpointUrl("https://localhost.example.com/", strict).hostname).toBe(
      "localhost.example.com",
    );
  });
});
