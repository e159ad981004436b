import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { createHmacVerifier, createIngestor, defineSource, silentLogger } from "@hookwise/core";
import { fastifyHookwise } from "../src/index.ts";

describe("Content-Types Fastify cannot parse", () => {
  it("are decided by core, not answered FST_ERR_CTP_INVALID_MEDIA_TYPE by Fastify", async () => {
    const verifier = createHmacVerifier({ secret: "s", header: "x-s" });
    const ingestor = createIngestor({
      adapter: createMemoryAdapter({ logger: silentLogger }),
      logger: silentLogger,
      sources: [
        defineSource({ name: "json", verifier, id: () => "a", type: () => "t" }),
        defineSource({
          name: "any",
          mediaTypes: ["*/*"],
          verifier,
          id: () => "a",
          type: () => "t",
        }),
      ],
    });
    const server = Fastify();
    await server.register(fastifyHookwise, { ingestor });
    for (const contentType of ["((((", "a/b/c", "application", "a b/c"]) {
      const strict = await server.inject({
        method: "POST",
        url: "/webhooks/json",
        headers: { "content-type": contentType },
        payload: "{}",
      });
      expect(strict.statusCode).toBe(415);
      expect(strict.json()).toMatchObject({ error: { code: "UNSUPPORTED_MEDIA_TYPE" } });
      const open = await server.inject({
        method: "POST",
        url: "/webhooks/any",
        headers: { "content-type": contentType },
        payload: "{}",
      });
      expect(open.statusCode).toBe(401);
      expect(open.json()).toMatchObject({ error: { code: "SIGNATURE_MISSING" } });
    }
    await server.close();
    await ingestor.close();
  });

  it("leaves every other error to the app's own error handler", async () => {
    const ingestor = createIngestor({
      adapter: createMemoryAdapter({ logger: silentLogger }),
      logger: silentLogger,
      sources: [
        defineSource({
          name: "json",
          verifier: createHmacVerifier({ secret: "s", header: "x-s" }),
          id: () => "a",
          type: () => "t",
        }),
      ],
    });
    const server = Fastify();
    server.setErrorHandler((error, _request, reply) =>
      reply.code(418).send({ handledBy: "app", code: (error as { code?: string }).code }),
    );
    server.addHook("onRequest", async (request) => {
      if (request.headers["x-deny"] !== undefined)
        throw Object.assign(new Error("denied"), { code: "DENIED" });
    });
    await server.register(fastifyHookwise, { ingestor });
    const denied = await server.inject({
      method: "POST",
      url: "/webhooks/json",
      headers: { "content-type": "application/json", "x-deny": "1" },
      payload: "{}",
    });
    expect(denied.statusCode).toBe(418);
    expect(denied.json()).toEqual({ handledBy: "app", code: "DENIED" });
    await server.close();
    await ingestor.close();
  });
});
