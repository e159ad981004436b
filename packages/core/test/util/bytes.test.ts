import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { sha256Hex, toHex, utf8 } from "../../src/util/bytes.ts";

describe("sha256Hex (event fingerprints and ids)", () => {
  it("matches the published SHA-256 test vector", async () => {
    expect(await sha256Hex(utf8("abc"))).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(await sha256Hex(new Uint8Array(0))).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("gives the same digest as web crypto, the path runtimes without node:crypto take", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), async (bytes) => {
        const web = toHex(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)));
        expect(await sha256Hex(bytes)).toBe(web);
      }),
      { numRuns: 50 },
    );
  });

  it("runs on web crypto alone where node:crypto is missing (edge runtimes)", async () => {
    const spy = vi.spyOn(process, "getBuiltinModule").mockReturnValue(undefined);
    vi.resetModules();
    const nodeless = await import("../../src/util/node-crypto.ts");
    const webOnly = await import("../../src/util/bytes.ts");
    spy.mockRestore();
    vi.resetModules();
    expect(nodeless.nodeCrypto).toBeUndefined();
    expect(await webOnly.sha256Hex(utf8("abc"))).toBe(await sha256Hex(utf8("abc")));
  });
});
