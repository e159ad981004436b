import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { silentLogger } from "../../src/util/logger.ts";
import { describe, expect, it } from "vitest";
import { createIngestor } from "../../src/create-ingestor.ts";
import { discordSource, type DiscordEndpointKind } from "../../src/sources/presets/discord.ts";
import type { HandshakeContext } from "../../src/sources/source.ts";
import { createFakeClock } from "../../src/testing/fake-clock.ts";
import { utf8 } from "../../src/util/bytes.ts";
import { createDiscordSigner } from "../../src/verify/discord.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
const publicKey = Buffer.from(await crypto.subtle.exportKey("raw", pair.publicKey)).toString("hex");
const signer = createDiscordSigner({ privateKey: pair.privateKey });
const ping = JSON.stringify({
  id: "1186523034519257118",
  application_id: "11",
  type: 1,
  token: "t",
  version: 1,
});
const eventPing = JSON.stringify({ version: 1, application_id: "11", type: 0 });

async function post(
  body: string,
  signature: "valid" | "none" | "forged",
  kind: DiscordEndpointKind = "interactions",
): Promise<Response> {
  const ingestor = createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources: [discordSource({ publicKey, kind })],
    clock: createFakeClock(NOW_MS),
  });
  const bytes = utf8(body);
  const headers: Record<string, string> =
    signature === "none" ? {} : await signer.sign({ body: bytes, now: NOW_MS });
  // Discord's probes carry a well-formed but invalid signature.
  if (signature === "forged") headers["x-signature-ed25519"] = "ab".repeat(64);
  const response = await ingestor.fetch(
    new Request("http://127.0.0.1/webhooks/discord", {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: bytes as Uint8Array<ArrayBuffer>,
    }),
  );
  await ingestor.close();
  return response;
}

describe("Discord PING", () => {
  it("answers a signed interactions PING with { type: 1 }, through the ingestor", async () => {
    const response = await post(ping, "valid");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ type: 1 });
  });

  it("answers Discord's unsigned or invalidly signed probes with 401", async () => {
    for (const signature of ["none", "forged"] as const) {
      const response = await post(ping, signature);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('"type":1');
    }
  });

  it("answers a signed webhook-events PING with 204, only on a webhook-events endpoint", async () => {
    // Preset level: the fetch entry cannot build a 204 Response with a body yet (reported).
    const source = discordSource({ publicKey, kind: "webhook-events" });
    const verified = async (text: string): Promise<HandshakeContext> => {
      const body = utf8(text);
      const headers = await signer.sign({ body, now: NOW_MS });
      const verification = await source.verifier.verify(makeRequest({ headers, body }));
      const payload = JSON.parse(text) as unknown;
      return { payload, headers: new Headers(headers), body, verification: verification ?? {} };
    };
    expect(source.handshake?.(await verified(eventPing))).toEqual({
      status: 204,
      headers: {},
      body: "",
    });
    expect((await post(eventPing, "forged", "webhook-events")).status).toBe(401);
    expect(source.handshake?.(await verified(ping))).toBeUndefined();
  });

  it("reports which configured public key verified the PING", async () => {
    const other = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
    const otherKey = Buffer.from(await crypto.subtle.exportKey("raw", other.publicKey));
    const source = discordSource({ publicKey: [otherKey.toString("hex"), publicKey] });
    const body = utf8(ping);
    const headers = await signer.sign({ body, now: NOW_MS });
    const verification = await source.verifier.verify(makeRequest({ headers, body }));
    expect(verification).toEqual({ secretIndex: 1, timestamp: Math.floor(NOW_MS / 1000) * 1000 });
  });

  it("treats a signed application command as an event, not a handshake", async () => {
    const command = JSON.stringify({
      id: "1186523034519257119",
      application_id: "11",
      type: 2,
      token: "t",
      data: { name: "hi" },
    });
    const response = await post(command, "valid");
    expect(response.status).toBe(200);
    // Stored for the background worker, and answered the way Discord requires within 3 s.
    expect(await response.json()).toEqual({ type: 5 });
  });
});

describe("Discord interaction responses", () => {
  function interaction(id: string, type: number): string {
    return JSON.stringify({ id, application_id: "11", type, token: "t", data: { name: "hi" } });
  }

  async function send(
    ingestor: ReturnType<typeof createIngestor>,
    body: string,
  ): Promise<Response> {
    const bytes = utf8(body);
    return ingestor.fetch(
      new Request("http://127.0.0.1/webhooks/discord", {
        method: "POST",
        headers: {
          ...(await signer.sign({ body: bytes, now: NOW_MS })),
          "content-type": "application/json",
        },
        body: bytes as Uint8Array<ArrayBuffer>,
      }),
    );
  }

  it("defers commands and modal submits (5), component updates (6), and answers autocomplete with no choices (8)", async () => {
    const ingestor = createIngestor({
      adapter: createMemoryAdapter({ logger: silentLogger }),
      sources: [discordSource({ publicKey })],
      clock: createFakeClock(NOW_MS),
    });
    expect(await (await send(ingestor, interaction("1186523034519257120", 2))).json()).toEqual({
      type: 5,
    });
    expect(await (await send(ingestor, interaction("1186523034519257121", 5))).json()).toEqual({
      type: 5,
    });
    expect(await (await send(ingestor, interaction("1186523034519257122", 3))).json()).toEqual({
      type: 6,
    });
    expect(await (await send(ingestor, interaction("1186523034519257123", 4))).json()).toEqual({
      type: 8,
      data: { choices: [] },
    });
    const stored = await ingestor.listEvents({ limit: 10 });
    expect(stored.records.map((record) => record.type)).toEqual([
      "APPLICATION_COMMAND",
      "MODAL_SUBMIT",
      "MESSAGE_COMPONENT",
      "APPLICATION_COMMAND_AUTOCOMPLETE",
    ]);
    await ingestor.close();
  });

  it("answers a resent interaction the same way without storing it twice", async () => {
    const ingestor = createIngestor({
      adapter: createMemoryAdapter({ logger: silentLogger }),
      sources: [discordSource({ publicKey })],
      clock: createFakeClock(NOW_MS),
    });
    const body = interaction("1186523034519257130", 2);
    expect(await (await send(ingestor, body)).json()).toEqual({ type: 5 });
    expect(await (await send(ingestor, body)).json()).toEqual({ type: 5 });
    expect((await ingestor.listEvents({ limit: 10 })).records).toHaveLength(1);
    await ingestor.close();
  });

  it("answers 204 to a delivered webhook event, as Discord's Webhook Events URL requires", async () => {
    const ingestor = createIngestor({
      adapter: createMemoryAdapter({ logger: silentLogger }),
      sources: [discordSource({ publicKey, kind: "webhook-events" })],
      clock: createFakeClock(NOW_MS),
    });
    const event = JSON.stringify({
      version: 1,
      application_id: "11",
      type: 1,
      event: { type: "APPLICATION_AUTHORIZED", timestamp: "2026-01-01T00:00:00.000Z", data: {} },
    });
    const response = await send(ingestor, event);
    expect(response.status).toBe(204);
    expect((await ingestor.listEvents({ limit: 10 })).records).toHaveLength(1);
    await ingestor.close();
  });
});
