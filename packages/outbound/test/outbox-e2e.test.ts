import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { createStandardWebhooksVerifier, silentLogger } from "@hookwise/core";
import { afterEach, describe, expect, it } from "vitest";
import {
  createAddressPolicy,
  createOutbox,
  createUndiciTransport,
  exponentialRetry,
  type Outbox,
  type UndiciTransportOptions,
} from "../src/index.ts";
import { settled, verifyWithStandardWebhooks } from "./helpers/outbox-fixtures.ts";
import { startReceiver } from "./helpers/receiver.ts";

let outbox: Outbox | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await outbox?.close();
  outbox = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function localOutbox(): Outbox {
  const created = createOutbox({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    allowPrivateNetworks: true,
    retry: exponentialRetry({ maxAttempts: 30, minDelayMs: 50, maxDelayMs: 100, factor: 1 }),
    timeoutMs: 2_000,
    logger: silentLogger,
  });
  created.start();
  return created;
}

describe("end to end over real sockets", () => {
  it("delivers to a real receiver, whose hookwise and standardwebhooks verifiers both accept the signature", async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    outbox = localOutbox();
    const { secret } = await outbox.endpoints.create({ tenant: "acme", url: receiver.url });
    const sent = await outbox.send({
      tenant: "acme",
      type: "merchant.normalized",
      payload: { name: "Café" },
    });
    expect((await settled(outbox, sent.id)).status).toBe("delivered");

    const [request] = receiver.received;
    if (request === undefined) throw new Error("nothing received");
    const headers = new Headers(request.headers as Record<string, string>);
    expect(headers.get("user-agent")).toMatch(/^hookwise-outbound\//);
    expect(verifyWithStandardWebhooks(secret, request.body, headers)).toEqual({ name: "Café" });
    const verifier = createStandardWebhooksVerifier({ secret });
    await expect(
      verifier.verify({
        method: "POST",
        url: receiver.url,
        headers,
        body: new TextEncoder().encode(request.body),
        now: Date.now(),
      }),
    ).resolves.not.toThrow();
  });

  it("keeps retrying a receiver that is down (connection refused), and delivers once it is back", async () => {
    const first = await startReceiver();
    const port = first.port;
    await first.close();
    outbox = localOutbox();
    await outbox.endpoints.create({
      tenant: "acme",
      url: `http://127.0.0.1:${String(port)}/hooks`,
    });
    const sent = await outbox.send({ tenant: "acme", type: "x", payload: { n: 1 } });
    // A few refused attempts, then the receiver comes back on the same port.
    await new Promise((resolve) => setTimeout(resolve, 400));
    const back = await startReceiver(port);
    cleanups.push(back.close);
    const message = await settled(outbox, sent.id, 10_000);
    expect(message.status).toBe("delivered");
    const attempts = message.deliveries[0]?.attempts ?? [];
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts[0]?.error?.code).toBe("NETWORK_ERROR");
    expect(attempts.at(-1)?.ok).toBe(true);
    expect(back.received).toHaveLength(1);
  });

  it("refuses at delivery time a hostname that resolves to loopback, sends nothing, and dead-letters the delivery at once", async () => {
    const receiver = await startReceiver();
    cleanups.push(receiver.close);
    // A name that resolves to 127.0.0.1, as a hostile DNS record would: only found out when delivering.
    const lookup = ((_host: string, _options: unknown, callback: (...args: unknown[]) => void) => {
      callback(null, [{ address: "127.0.0.1", family: 4 }]);
    }) as unknown as UndiciTransportOptions["lookup"];
    outbox = createOutbox({
      adapter: createMemoryAdapter({ logger: silentLogger }),
      transport: createUndiciTransport({ addressPolicy: createAddressPolicy(), lookup }),
      logger: silentLogger,
    });
    outbox.start();
    await expect(
      outbox.endpoints.create({
        tenant: "acme",
        url: `http://localhost:${String(receiver.port)}/hooks`,
      }),
    ).rejects.toMatchObject({ status: 422 });
    await outbox.endpoints.create({
      tenant: "acme",
      url: `http://rebind.example:${String(receiver.port)}/hooks`,
    });
    const sent = await outbox.send({ tenant: "acme", type: "x", payload: {} });
    const message = await settled(outbox, sent.id);
    expect(message.status).toBe("dead_lettered");
    expect(message.deliveries[0]?.attempts.map((attempt) => attempt.error?.code)).toEqual([
      "ADDRESS_BLOCKED",
    ]);
    expect(receiver.received).toHaveLength(0);
  });
});
