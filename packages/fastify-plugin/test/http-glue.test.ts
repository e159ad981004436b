import { Readable } from "node:stream";
import Fastify, { type FastifyInstance } from "fastify";
import * as vitest from "vitest";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import type { Ingestor } from "@hookwise/core";
import { testHttpGlue } from "@hookwise/core/testing";
import { fastifyHookwise } from "../src/index.ts";

const notApplicable = {
  reason:
    "Fastify content type parsers are scoped: the plugin removes every inherited parser in its own scope, " +
    "so no host parser can run in front of the webhook route (checked in hookwise-plugin.test.ts)",
  tests: ["reports RAW_BODY_UNAVAILABLE when a host JSON parser read the body first"],
};

async function app(ingestor: Ingestor): Promise<FastifyInstance> {
  // A request answered 413 part-way is still being drained when the test closes the server.
  const fastify = Fastify({ forceCloseConnections: true });
  await fastify.register(fastifyHookwise, { ingestor });
  return fastify;
}

testHttpGlue(vitest, {
  name: "fastify (listening on 127.0.0.1)",
  createAdapter: ({ clock, logger }) => createMemoryAdapter({ clock, logger }),
  skip: [notApplicable],
  async start(ingestor) {
    const fastify = await app(ingestor);
    const url = await fastify.listen({ host: "127.0.0.1", port: 0 });
    return { url, close: () => fastify.close() };
  },
});

testHttpGlue(vitest, {
  name: "fastify (inject)",
  createAdapter: ({ clock, logger }) => createMemoryAdapter({ clock, logger }),
  skip: [notApplicable],
  async start(ingestor) {
    const fastify = await app(ingestor);
    return {
      async send(request) {
        const url = new URL(request.url);
        const injected = await fastify.inject({
          method: "POST",
          url: url.pathname + url.search,
          headers: Object.fromEntries(request.headers),
          ...(request.body === null ? {} : { payload: Readable.fromWeb(request.body as never) }),
        });
        return new Response(injected.body, {
          status: injected.statusCode,
          headers: injected.headers as HeadersInit,
        });
      },
      close: () => fastify.close(),
    };
  },
});
