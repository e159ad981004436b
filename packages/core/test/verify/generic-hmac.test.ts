import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigurationError } from "../../src/errors.ts";
import { createHmacSigner, createHmacVerifier } from "../../src/verify/generic-hmac.ts";
import type { HmacVerifierOptions } from "../../src/verify/generic-hmac.ts";
import { keyValueSignatureFormat } from "../../src/verify/signature-header-format.ts";
import { expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const body = '{"id":"evt_1","type":"order.completed"}';
const nodeHmac = (
  algorithm: string,
  key: string,
  text: string,
  encoding: "hex" | "base64" | "base64url" = "hex",
): string => createHmac(algorithm, key).update(text).digest(encoding);

describe("createHmacVerifier", () => {
  it("verifies a prefixed hex HMAC of the raw body computed independently with node:crypto", async () => {
    const verifier = createHmacVerifier({
      secret: "s3cret",
      header: "X-Signature",
      prefix: "sha256=",
    });
    await verifier.verify(
      request({ "x-signature": `sha256=${nodeHmac("sha256", "s3cret", body)}` }, body),
    );
    expect(verifier.scheme).toBe("hmac");
  });

  it("signs a template over id, timestamp, method and url exactly as written", async () => {
    const options: HmacVerifierOptions = {
      secret: "k",
      header: "x-sig",
      encoding: "base64url",
      algorithm: "SHA-512",
      signedContent: "{method} {url}|{id}|{timestamp}|{body}",
      idHeader: "x-id",
      timestampHeader: "x-ts",
    };
    const ts = String(NOW_MS / 1000);
    const url = "https://hooks.example.com/in?x=1";
    const expected = nodeHmac("sha512", "k", `PUT ${url}|msg_1|${ts}|${body}`, "base64url");
    await createHmacVerifier(options).verify(
      request({ "x-sig": expected, "x-id": "msg_1", "x-ts": ts }, body, NOW_MS, {
        url,
        method: "PUT",
      }),
    );
    const signed = await createHmacSigner(options).sign({
      body: new TextEncoder().encode(body),
      now: NOW_MS,
      id: "msg_1",
      url,
      method: "PUT",
    });
    expect(signed).toEqual({ "x-sig": expected, "x-id": "msg_1", "x-ts": ts });
  });

  it("accepts a signed content function", async () => {
    const verifier = createHmacVerifier({
      secret: "k",
      header: "x-sig",
      signedContent: ({ body: raw }) => ["pre:", raw],
    });
    await verifier.verify(request({ "x-sig": nodeHmac("sha256", "k", `pre:${body}`) }, body));
  });

  it("checks millisecond timestamps against the tolerance", async () => {
    const options: HmacVerifierOptions = {
      secret: "k",
      header: "x-sig",
      signedContent: "{timestamp}{body}",
      timestampHeader: "x-ts",
      timestampUnit: "milliseconds",
      tolerance: 60,
    };
    const signed = await createHmacSigner(options).sign({
      body: new TextEncoder().encode(body),
      now: NOW_MS,
    });
    expect(signed["x-ts"]).toBe(String(NOW_MS));
    const verifier = createHmacVerifier(options);
    await verifier.verify(request(signed, body, NOW_MS + 60_000));
    await expectRejected(
      verifier,
      request(signed, body, NOW_MS + 60_001),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("tries every listed signature and every secret (rotation on both sides)", async () => {
    const verifier = createHmacVerifier({
      secret: ["new", "old"],
      header: "x-sig",
      prefix: "v1=",
      separator: ",",
    });
    const header = `v1=${"0".repeat(64)},v2=abc,v1=${nodeHmac("sha256", "old", body)}`;
    await verifier.verify(request({ "x-sig": header }, body));
    const signed = await createHmacSigner({
      secret: ["new", "old"],
      header: "x-sig",
      prefix: "v1=",
      separator: ",",
    }).sign({ body: new TextEncoder().encode(body), now: NOW_MS });
    expect(signed["x-sig"]?.split(",")).toHaveLength(2);
  });

  it("answers SIGNATURE_MISSING, SIGNATURE_MALFORMED and SIGNATURE_MISMATCH distinctly", async () => {
    const verifier = createHmacVerifier({ secret: "k", header: "x-sig", prefix: "sha256=" });
    await expectRejected(verifier, request({}, body), "SIGNATURE_MISSING");
    await expectRejected(verifier, request({ "x-sig": "" }, body), "SIGNATURE_MISSING");
    await expectRejected(verifier, request({ "x-sig": "sha1=abcd" }, body), "SIGNATURE_MALFORMED");
    await expectRejected(
      verifier,
      request({ "x-sig": "sha256=not-hex" }, body),
      "SIGNATURE_MALFORMED",
    );
    await expectRejected(
      verifier,
      request({ "x-sig": `sha256=${nodeHmac("sha256", "other", body)}` }, body),
      "SIGNATURE_MISMATCH",
    );
    await expectRejected(
      verifier,
      request({ "x-sig": `sha256=${nodeHmac("sha256", "k", body).slice(2)}` }, body),
      "SIGNATURE_MALFORMED",
    );
  });

  it("answers TIMESTAMP_INVALID for a missing or non-canonical timestamp", async () => {
    const verifier = createHmacVerifier({
      secret: "k",
      header: "x-sig",
      signedContent: "{timestamp}.{body}",
      timestampHeader: "x-ts",
    });
    const ts = String(NOW_MS / 1000);
    const sig = nodeHmac("sha256", "k", `${ts}.${body}`);
    await verifier.verify(request({ "x-sig": sig, "x-ts": ts }, body));
    await expectRejected(verifier, request({ "x-sig": sig }, body), "TIMESTAMP_INVALID");
    await expectRejected(
      verifier,
      request({ "x-sig": sig, "x-ts": `0${ts}` }, body),
      "TIMESTAMP_INVALID",
    );
  });

  it("rejects a header that repeats its timestamp key as malformed", async () => {
    const verifier = createHmacVerifier({
      secret: "k",
      header: "x-sig",
      signedContent: "{timestamp}.{body}",
      format: keyValueSignatureFormat({
        itemSeparator: ",",
        timestampKey: "t",
        signatureKey: "v1",
      }),
    });
    await expectRejected(
      verifier,
      request({ "x-sig": "t=1,t=2,v1=00" }, body),
      "SIGNATURE_MALFORMED",
    );
  });

  it("rejects wrong options eagerly with a ConfigurationError naming the option", () => {
    const cases: [Partial<HmacVerifierOptions>, RegExp][] = [
      [{ header: "" }, /`header`/],
      [{ secret: [] }, /`secret`/],
      [{ encoding: "base32" as never }, /`encoding`/],
      [{ algorithm: "MD5" as never }, /`algorithm`/],
      [{ signedContent: "{nonce}{body}" }, /`signedContent`/],
      [{ signedContent: "{timestamp}{body}" }, /`timestampHeader`/],
      [{ signedContent: "{id}{body}" }, /`idHeader`/],
      [{ secretEncoding: "base64", secret: "%%%" }, /`secret`/],
      [{ tolerance: -5 }, /`tolerance/],
    ];
    for (const [override, message] of cases) {
      const create = (): unknown =>
        createHmacVerifier({ secret: "k", header: "x-sig", ...override });
      expect(create).toThrow(ConfigurationError);
      expect(create).toThrow(message);
    }
  });

  it("the signer refuses to sign an id-bearing scheme without an id", async () => {
    const signer = createHmacSigner({
      secret: "k",
      header: "x-sig",
      signedContent: "{id}{body}",
      idHeader: "x-id",
    });
    await expect(signer.sign({ body: new Uint8Array(), now: NOW_MS })).rejects.toThrow(/`id`/);
  });
});
