import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/errors.ts";
import {
  decodeWhsecSecret,
  deriveSecretKeys,
  stripWhsecPrefix,
  toSecretList,
  tryDecodeWhsecSecret,
} from "../../src/verify/secrets.ts";

describe("secrets", () => {
  it("turns one secret or a rotation list into a frozen list", () => {
    expect(toSecretList("a", "secret")).toEqual(["a"]);
    expect(toSecretList(["a", "b"], "secret")).toEqual(["a", "b"]);
    expect(Object.isFrozen(toSecretList(["a"], "secret"))).toBe(true);
  });

  it.each([[undefined], [""], [[]], [["a", ""]], [[undefined as unknown as string]]])(
    "rejects %j with a ConfigurationError naming the option (an unset env var)",
    (input) => {
      expect(() => toSecretList(input as never, "secret")).toThrow(ConfigurationError);
      expect(() => toSecretList(input as never, "secret")).toThrow(/`secret`/);
    },
  );

  it("decodes whsec_ secrets with or without the prefix and padding", () => {
    const key = decodeWhsecSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secret");
    expect(key.length).toBe(24);
    expect(tryDecodeWhsecSecret("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).toEqual(key);
    expect(tryDecodeWhsecSecret("whsec_QUE")).toEqual(Uint8Array.of(0x41, 0x41));
    expect(stripWhsecPrefix("whsec_x")).toBe("x");
  });

  it("says when a whsec_ secret fails because of surrounding whitespace, without echoing it", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n";
    expect(() => decodeWhsecSecret(secret, "secret")).toThrow(/whitespace/);
    try {
      decodeWhsecSecret(secret, "secret");
    } catch (error) {
      expect((error as Error).message).not.toContain("MfKQ9r8");
    }
  });

  it("derives keys per encoding and rejects undecodable ones at setup", () => {
    expect(deriveSecretKeys(["é"], "utf8", "secret")[0]).toEqual(Uint8Array.of(0xc3, 0xa9));
    expect(deriveSecretKeys(["QUE="], "base64", "secret")[0]).toEqual(Uint8Array.of(0x41, 0x41));
    expect(() => deriveSecretKeys(["not base64!"], "base64", "secret")).toThrow(ConfigurationError);
    expect(() => deriveSecretKeys(["whsec_***"], "whsec", "secret")).toThrow(ConfigurationError);
  });
});
