import { verifyKey } from "discord-interactions";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createDiscordSigner, createDiscordVerifier } from "../../src/verify/discord.ts";
import { expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
const publicKey = Buffer.from(await crypto.subtle.exportKey("raw", pair.publicKey)).toString("hex");
const body =
  '{"type":2,"id":"1186523034519257118","application_id":"1","token":"t","data":{"name":"ping"}}';
const signer = createDiscordSigner({ privateKey: pair.privateKey });

async function signed(
  payload: string | Uint8Array = body,
  now = NOW_MS,
): Promise<ReturnType<typeof makeRequest>> {
  const bytes = typeof payload === "string" ? utf8(payload) : payload;
  return makeRequest({ headers: await signer.sign({ body: bytes, now }), body: bytes, now });
}

function sdkVerdict(request: ReturnType<typeof makeRequest>): Promise<boolean> {
  return verifyKey(
    Buffer.from(request.body),
    request.headers.get("x-signature-ed25519") ?? "",
    request.headers.get("x-signature-timestamp") ?? "",
    publicKey,
  );
}

describe("Discord verifier: interop with discord-interactions", () => {
  const verifier = createDiscordVerifier({ publicKey });

  it("signs what verifyKey accepts, and verifies it", async () => {
    const request = await signed();
    expect(await sdkVerdict(request)).toBe(true);
    await verifier.verify(request);
  });

  it("accepts a signature made from the hex seed, as Discord's own key material", async () => {
    const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
    const seed = pkcs8.subarray(-32).toString("hex");
    const headers = await createDiscordSigner({ privateKey: seed }).sign({
      body: utf8(body),
      now: NOW_MS,
    });
    const request = makeRequest({ headers, body });
    expect(await sdkVerdict(request)).toBe(true);
    await verifier.verify(request);
  });

  it("rejects what verifyKey rejects: another body, another timestamp, another key", async () => {
    const request = await signed();
    const changed = { ...request, body: utf8(body.replace("ping", "pong")) };
    expect(await sdkVerdict(changed)).toBe(false);
    await expectRejected(verifier.verify(changed), "SIGNATURE_MISMATCH");
    const headers = new Headers(request.headers);
    headers.set("x-signature-timestamp", String(NOW_MS / 1000 + 1));
    expect(await sdkVerdict({ ...request, headers })).toBe(false);
    await expectRejected(verifier.verify({ ...request, headers }), "SIGNATURE_MISMATCH");
    const other = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
    const otherKey = Buffer.from(await crypto.subtle.exportKey("raw", other.publicKey)).toString(
      "hex",
    );
    await expectRejected(
      createDiscordVerifier({ publicKey: otherKey }).verify(request),
      "SIGNATURE_MISMATCH",
    );
  });

  it("answers Discord's unsigned security probes with a 401", async () => {
    const probe = makeRequest({
      headers: {
        "x-signature-ed25519": "00".repeat(64),
        "x-signature-timestamp": String(NOW_MS / 1000),
      },
      body: '{"type":1}',
    });
    expect(await sdkVerdict(probe)).toBe(false);
    await expectRejected(verifier.verify(probe), "SIGNATURE_MISMATCH");
    await expectRejected(
      verifier.verify(makeRequest({ headers: {}, body: '{"type":1}' })),
      "SIGNATURE_MISSING",
    );
  });
});

describe("Discord verifier: keys, formats and time", () => {
  const verifier = createDiscordVerifier({ publicKey });

  it("reports a malformed signature or timestamp", async () => {
    const request = await signed();
    const short = new Headers(request.headers);
    short.set("x-signature-ed25519", "abcd");
    await expectRejected(verifier.verify({ ...request, headers: short }), "SIGNATURE_MALFORMED");
    const noTimestamp = new Headers(request.headers);
    noTimestamp.delete("x-signature-timestamp");
    await expectRejected(
      verifier.verify({ ...request, headers: noTimestamp }),
      "TIMESTAMP_INVALID",
    );
  });

  it("rejects a timestamp more than five minutes away by default (discord-interactions checks none)", async () => {
    const old = await signed(body, NOW_MS - 3_600_000);
    expect(await sdkVerdict(old)).toBe(true);
    await expectRejected(verifier.verify({ ...old, now: NOW_MS }), "TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("accepts several keys and refuses a key that is not 32 hex bytes", async () => {
    await createDiscordVerifier({ publicKey: ["ab".repeat(32), publicKey] }).verify(await signed());
    expect(() => createDiscordVerifier({ publicKey: "abc" })).toThrow(/`publicKey`/);
    expect(() => createDiscordSigner({ privateKey: "abc" })).toThrow(/`privateKey`/);
  });
});

describe("Discord verifier: tampering", () => {
  itRejectsEveryBitFlip({
    verifier: createDiscordVerifier({ publicKey }),
    sign: (payload) => signed(payload),
    signature: { header: "x-signature-ed25519", pattern: /^(.*)$/, codec: "hex" },
    timestamp: { header: "x-signature-timestamp", pattern: /^(\d+)$/ },
  });
});
