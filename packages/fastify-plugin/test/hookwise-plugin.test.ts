import Fastify from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import type { Ingestor } from "@hookwise/core";
import defaultExport, { DEFAULT_WEBHOOK_PATH, fastifyHookwise, hookwise } from "../src/index.ts";
import { shopIngestor, signedInject } from "./helpers/webhook-fixture.ts";

const ORDER = '{ "id": "ord_1",  "type": "order.created", "total": 12.50 }';
const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

function track<T extends { close: () => Promise<unknown> }>(closable: T): T {
  closers.push(() => closable.close());
  return closable;
}

describe("fastifyHookwise", () => {
  it("leaves the host app's JSON parsing untouched outside its scope", async () => {
    const ingestor = track(shopIngestor());
    const app = track(Fastify());
    app.post("/api/echo", async (request) => ({ parsed: request.body }));
    await app.register(fastifyHookwise, { ingestor });
    const webhook = await app.inject(await signedInject("/webhooks/shop", ORDER));
    expect(webhook.statusCode).toBe(202);
    const api = await app.inject({ method: "POST", url: "/api/echo", payload: { a: 1 } });
    expect(api.json()).toEqual({ parsed: { a: 1 } });
  });

  it("is not affected by a parser the host adds at the root", async () => {
    const ingestor = track(shopIngestor());
    const app = track(Fastify());
    app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) =>
      done(null, { replaced: body }),
    );
    await app.register(fastifyHookwise, { ingestor });
    expect((await app.inject(await signedInject("/webhooks/shop", ORDER))).statusCode).toBe(202);
  });

  it("answers RAW_BODY_UNAVAILABLE when a hook replaced the body with a parsed value", async () => {
    const ingestor = track(shopIngestor());
    const app = track(Fastify());
    app.addHook("preValidation", async (request) => {
      request.body = { replaced: true };
    });
    await app.register(fastifyHookwise, { ingestor });
    const response = await app.inject(await signedInject("/webhooks/shop", ORDER));
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ error: { code: "RAW_BODY_UNAVAILABLE" } });
  });

  it("lets core answer 415 for media types Fastify has no parser for", async () => {
    const ingestor = track(shopIngestor());
    const app = track(Fastify());
    await app.register(fastifyHookwise, { ingestor });
    const response = await app.inject(
      await signedInject("/webhooks/shop", "<order/>", { "content-type": "application/xml" }),
    );
    expect(response.statusCode).toBe(415);
    expect(response.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
  });

  it("answers a request without a body with core's 415, not Fastify's", async () => {
    const ingestor = track(shopIngestor());
    const app = track(Fastify());
    await app.register(fastifyHookwise, { ingestor });
    const response = await app.inject({ method: "POST", url: "/webhooks/shop" });
    expect(response.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
  });

  it("applies core's body limit, not Fastify's bodyLimit", async () => {
    const ingestor = track(shopIngestor({ maxBodyBytes: 8192 }));
    const app = track(Fastify({ bodyLimit: 1024 }));
    await app.register(fastifyHookwise, { ingestor });
    const padded = JSON.stringify({
      id: "ord_big",
      type: "order.created",
      padding: "x".repeat(4096),
    });
    expect((await app.inject(await signedInject("/webhooks/shop", padded))).statusCode).toBe(202);
    const tooBig = JSON.stringify({
      id: "ord_huge",
      type: "order.created",
      padding: "x".repeat(9000),
    });
    const response = await app.inject(await signedInject("/webhooks/shop", tooBig));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  });

  it("registers the route at `path` under the plugin prefix, for a fixed `source`", async () => {
    const ingestor = track(shopIngestor());
    const app = track(Fastify());
    await app.register(fastifyHookwise, {
      ingestor,
      path: "/shop",
      source: "shop",
      prefix: "/hooks",
    });
    expect((await app.inject(await signedInject("/hooks/shop", ORDER))).statusCode).toBe(202);
  });

  it("exports the same plugin as `hookwise`, `fastifyHookwise` and default", () => {
    expect(hookwise).toBe(fastifyHookwise);
    expect(defaultExport).toBe(fastifyHookwise);
    expect(DEFAULT_WEBHOOK_PATH).toBe("/webhooks/:source");
  });

  it("fails to register without an ingestor, naming the option", async () => {
    const app = track(Fastify());
    await expect(
      app.register(fastifyHookwise, {} as { ingestor: Ingestor }).ready(),
    ).rejects.toThrow("`ingestor`");
  });
});
