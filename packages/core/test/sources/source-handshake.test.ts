import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { silentLogger } from "../../src/util/logger.ts";
import { describe, expect, it } from "vitest";
import { ErrorCode, SignatureVerificationError } from "../../src/errors.ts";
import { createIngestor } from "../../src/create-ingestor.ts";
import type { HandshakeContext, Source } from "../../src/sources/source.ts";
import { createFakeClock } from "../../src/testing/fake-clock.ts";
import type { SignatureVerifier } from "../../src/verify/signature-scheme.ts";
import { NOW_MS } from "../helpers/tamper.ts";

/** A source whose handshake answers every request and records what it was given. */
function recordingSource(verifier: SignatureVerifier): {
  source: Source;
  seen: HandshakeContext[];
} {
  const seen: HandshakeContext[] = [];
  const source: Source = {
    name: "probe",
    verifier,
    id: () => "evt_1",
    type: () => "probe.event",
    handshake: (context) => {
      seen.push(context);
      return { status: 200, headers: {}, body: "pong" };
    },
  };
  return { source, seen };
}

async function post(source: Source): Promise<Response> {
  const ingestor = createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources: [source],
    clock: createFakeClock(NOW_MS),
  });
  const response = await ingestor.fetch(
    new Request("http://127.0.0.1/webhooks/probe", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"ping":true}',
    }),
  );
  await ingestor.close();
  return response;
}

describe("Source.handshake and the verification", () => {
  it("receives what the verifier resolved, alongside the payload", async () => {
    const { source, seen } = recordingSource({
      scheme: "probe",
      verify: () => Promise.resolve({ secretIndex: 1, timestamp: NOW_MS }),
    });
    expect(await (await post(source)).text()).toBe("pong");
    expect(seen).toHaveLength(1);
    expect(seen[0]?.verification).toEqual({ secretIndex: 1, timestamp: NOW_MS });
    expect(seen[0]?.payload).toEqual({ ping: true });
  });

  it("gets an empty verification from a custom verifier that resolves undefined", async () => {
    const { source, seen } = recordingSource({ scheme: "legacy", async verify() {} });
    expect((await post(source)).status).toBe(200);
    expect(seen[0]?.verification).toEqual({});
  });

  it("never runs for a request the verifier rejected", async () => {
    const { source, seen } = recordingSource({
      scheme: "probe",
      verify: () =>
        Promise.reject(new SignatureVerificationError(ErrorCode.SIGNATURE_MISMATCH, "no match")),
    });
    const response = await post(source);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain("pong");
    expect(seen).toHaveLength(0);
  });
});
