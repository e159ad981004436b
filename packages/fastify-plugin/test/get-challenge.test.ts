/** The plugin passes GET (with its query string) to core, which answers challenges or 405. */
import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { createIngestor, silentLogger } from "@hookwise/core";
import { metaSource } from "@hookwise/core/providers";
import { fastifyHookwise } from "../src/index.ts";
import { shopIngestor } from "./helpers/webhook-fixture.ts";

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

describe("fastifyHookwise: GET challenges", () => {
  it("answers a Meta verification request through core, query string included", async () => {
    const ingestor = createIngestor({
      adapter: createMemoryAdapter({ logger: silentLogger }),
      sources: [metaSource({ secret: "app-secret", verifyToken: "meatyhamhock" })],
      logger: silentLogger,
    });
    const app = Fastify();
    closers.push(
      () => app.close(),
      () => ingestor.close(),
    );
    await app.register(fastifyHookwise, { ingestor });
    const response = await app.inject({
      method: "GET",
      url: "/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock",
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain/);
    expect(response.body).toBe("1158201444");
    const wrong = await app.inject({
      method: "GET",
      url: "/webhooks/meta?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=nope",
    });
    expect(wrong.statusCode).toBe(401);
  });

  it("lets core answer 405 to a GET for a source without a challenge", async () => {
    const ingestor = shopIngestor();
    const app = Fastify();
    closers.push(
      () => app.close(),
      () => ingestor.close(),
    );
    await app.register(fastifyHookwise, { ingestor });
    const response = await app.inject({ method: "GET", url: "/webhooks/shop?challenge=x" });
    expect(response.statusCode).toBe(405);
    expect(response.headers.allow).toBe("POST");
  });
});
