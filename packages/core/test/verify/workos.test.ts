import { WorkOS } from "@workos-inc/node";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createWorkOSSigner, createWorkOSVerifier } from "../../src/verify/workos.ts";
import { expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "wos_webhook_secret_9f8e7d6c5b4a";
const payload = {
  id: "event_01",
  event: "user.created",
  data: { id: "user_01", object: "user" },
  created_at: "2026-01-01T00:00:00.000Z",
};
// WorkOS sends compact JSON; the Node SDK re-serialises the parsed payload, which gives the same bytes.
const body = JSON.stringify(payload);
const webhooks = new WorkOS("sk_test_placeholder").webhooks;

async function sdkAccepts(sigHeader: string, parsed: unknown = payload): Promise<boolean> {
  try {
    await webhooks.constructEvent({
      payload: parsed as Record<string, unknown>,
      sigHeader,
      secret,
    });
    return true;
  } catch {
    return false;
  }
}

async function signed(now = NOW_MS): Promise<ReturnType<typeof makeRequest>> {
  const headers = await createWorkOSSigner({ secret }).sign({ body: utf8(body), now });
  return makeRequest({ headers, body });
}

describe("WorkOS verifier: interop with @workos-inc/node", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW_MS);
  });
  afterEach(() => vi.useRealTimers());
  const verifier = createWorkOSVerifier({ secret });

  it("signs what constructEvent accepts (t in ms, `, ` separator), and verifies it", async () => {
    const request = await signed();
    const header = request.headers.get("workos-signature") ?? "";
    expect(header).toMatch(new RegExp(`^t=${NOW_MS}, v1=[0-9a-f]{64}$`));
    expect(await sdkAccepts(header)).toBe(true);
    await verifier.verify(request);
  });

  it("accepts what the SDK's computeSignature produces", async () => {
    const signature = await webhooks.computeSignature(NOW_MS, payload, secret);
    await verifier.verify(
      makeRequest({ headers: { "workos-signature": `t=${NOW_MS}, v1=${signature}` }, body }),
    );
  });

  it("rejects what the SDK rejects: another payload, another secret", async () => {
    const header = (await signed()).headers.get("workos-signature") ?? "";
    const changed = { ...payload, event: "user.deleted" };
    expect(await sdkAccepts(header, changed)).toBe(false);
    await expectRejected(
      verifier.verify(
        makeRequest({ headers: { "workos-signature": header }, body: JSON.stringify(changed) }),
      ),
      "SIGNATURE_MISMATCH",
      [secret],
    );
    await expectRejected(
      createWorkOSVerifier({ secret: "other" }).verify(await signed()),
      "SIGNATURE_MISMATCH",
    );
  });

  it("rejects a signature older than 180 s, like the SDK", async () => {
    const stale = await signed(NOW_MS - 181_000);
    expect(await sdkAccepts(stale.headers.get("workos-signature") ?? "")).toBe(false);
    await expectRejected(verifier.verify(stale), "TIMESTAMP_OUT_OF_TOLERANCE");
    await verifier.verify(await signed(NOW_MS - 180_000));
  });

  it("deviates from the SDK: a timestamp more than 180 s ahead is rejected (the SDK accepts any future one)", async () => {
    const ahead = await signed(NOW_MS + 3_600_000);
    expect(await sdkAccepts(ahead.headers.get("workos-signature") ?? "")).toBe(true);
    await expectRejected(verifier.verify(ahead), "TIMESTAMP_OUT_OF_TOLERANCE");
  });
});

describe("WorkOS verifier: failures", () => {
  const verifier = createWorkOSVerifier({ secret });

  it("says what is wrong with the header", async () => {
    await expectRejected(verifier.verify(makeRequest({ headers: {}, body })), "SIGNATURE_MISSING");
    await expectRejected(
      verifier.verify(makeRequest({ headers: { "workos-signature": `t=${NOW_MS}` }, body })),
      "SIGNATURE_MALFORMED",
    );
    const seconds = `t=${NOW_MS / 1000}, v1=${"0".repeat(64)}`;
    await expectRejected(
      verifier.verify(makeRequest({ headers: { "workos-signature": seconds }, body })),
      "TIMESTAMP_OUT_OF_TOLERANCE",
    );
  });

  it("accepts any configured secret while rotating", async () => {
    await createWorkOSVerifier({ secret: ["new", secret] }).verify(await signed());
  });
});

describe("WorkOS verifier: tampering", () => {
  itRejectsEveryBitFlip({
    verifier: createWorkOSVerifier({ secret }),
    async sign(bytes) {
      return makeRequest({
        headers: await createWorkOSSigner({ secret }).sign({ body: bytes, now: NOW_MS }),
        body: bytes,
      });
    },
    signature: { header: "workos-signature", pattern: /v1=([0-9a-f]+)/, codec: "hex" },
    timestamp: { header: "workos-signature", pattern: /t=(\d+)/ },
  });
});
