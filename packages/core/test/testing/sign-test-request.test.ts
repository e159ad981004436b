import { describe, expect, it } from "vitest";
import { signTestRequest } from "../../src/testing/sign-test-request.ts";
import { createHmacSigner, createHmacVerifier } from "../../src/verify/generic-hmac.ts";

const scheme = {
  secret: "sign-test-request-secret",
  header: "x-signature",
  prefix: "sha256=",
} as const;

describe("signTestRequest", () => {
  it("builds a POST whose signature the matching verifier accepts, body byte for byte", async () => {
    const body = '{ "id": "evt_1",  "amount": 12.50 }';
    const request = await signTestRequest({
      signer: createHmacSigner(scheme),
      url: "http://localhost/webhooks/x",
      body,
      now: 1_000,
    });
    const bytes = new Uint8Array(await request.arrayBuffer());
    expect(new TextDecoder().decode(bytes)).toBe(body);
    expect(request.method).toBe("POST");
    expect(request.headers.get("content-type")).toBe("application/json");
    await expect(
      createHmacVerifier(scheme).verify({
        method: "POST",
        url: request.url,
        headers: request.headers,
        body: bytes,
        now: 1_000,
      }),
    ).resolves.toMatchObject({ secretIndex: 0 });
  });

  it("JSON-encodes objects and lets extra headers win", async () => {
    const request = await signTestRequest({
      signer: createHmacSigner(scheme),
      url: "http://localhost/",
      body: { a: 1 },
      headers: { "content-type": "text/plain", "x-signature": "overridden" },
    });
    expect(await request.text()).toBe('{"a":1}');
    expect(request.headers.get("content-type")).toBe("text/plain");
    expect(request.headers.get("x-signature")).toBe("overridden");
  });
});
