import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { fastifyHookwise } from "../src/index.ts";
import { shopIngestor, signedInject } from "./helpers/webhook-fixture.ts";

const ORDER = '{ "id": "ord_1", "type": "order.created", "total": 12.50 }';

describe("fastifyHookwise({ closeIngestor })", () => {
  it("closes the ingestor on app.close() when asked to", async () => {
    const ingestor = shopIngestor();
    const app = Fastify();
    await app.register(fastifyHookwise, { ingestor, closeIngestor: true });
    expect((await app.inject(await signedInject("/webhooks/shop", ORDER))).statusCode).toBe(202);
    await app.close();
    // A closed ingestor answers 503 (it no longer accepts).
    const after = await ingestor.handle({
      method: "POST",
      url: "http://localhost/webhooks/shop",
      headers: {},
      body: new Uint8Array(),
      source: "shop",
    });
    expect(after.status).toBe(503);
  });

  it("leaves the ingestor open by default", async () => {
    const ingestor = shopIngestor();
    const app = Fastify();
    await app.register(fastifyHookwise, { ingestor });
    await app.close();
    const webhook = await signedInject("/webhooks/shop", ORDER);
    const again = Fastify();
    await again.register(fastifyHookwise, { ingestor });
    expect((await again.inject(webhook)).statusCode).toBe(202);
    await again.close();
    await ingestor.close();
  });
});
