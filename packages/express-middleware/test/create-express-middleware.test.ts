import type { ErrorRequestHandler, RequestHandler } from "express";
import express5 from "express";
import express4 from "express4";
import { afterEach, describe, expect, it } from "vitest";
import type { Ingestor } from "@hookwise/core";
import { createExpressMiddleware } from "../src/index.ts";
import { listen, shopIngestor, signedRequest } from "./helpers/webhook-fixture.ts";

const ORDER = '{ "id": "ord_1",  "type": "order.created", "total": 12.50 }';

describe.each([
  ["express 5", express5],
  ["express 4", express4],
] as const)("createExpressMiddleware on %s", (_name, express) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of cleanup.splice(0)) await close();
  });

  async function serve(
    mount: (app: ReturnType<typeof express>, ingestor: Ingestor) => void,
  ): Promise<string> {
    const ingestor = shopIngestor();
    const app = express();
    mount(app, ingestor);
    const server = await listen(app);
    cleanup.push(server.close, () => ingestor.close());
    return server.url;
  }

  it("verifies the exact bytes while the rest of the app parses JSON", async () => {
    const url = await serve((app, ingestor) => {
      app.post("/webhooks/:source", createExpressMiddleware(ingestor));
      app.use(express.json());
      app.post("/api/echo", (req, res) => res.json({ parsed: req.body as unknown }));
    });
    const webhook = await fetch(await signedRequest(`${url}/webhooks/shop`, ORDER));
    expect(webhook.status).toBe(202);
    const api = await fetch(`${url}/api/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(await api.json()).toEqual({ parsed: { a: 1 } });
  });

  it("uses the Buffer left by express.raw() as is", async () => {
    const url = await serve((app, ingestor) => {
      app.post(
        "/webhooks/:source",
        express.raw({ type: "*/*" }),
        createExpressMiddleware(ingestor),
      );
    });
    expect((await fetch(await signedRequest(`${url}/webhooks/shop`, ORDER))).status).toBe(202);
  });

  it("uses req.rawBody when a platform (GCF, Firebase) parsed the body first", async () => {
    const platform: RequestHandler = (req, _res, next) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        Object.assign(req, { rawBody: raw, body: JSON.parse(raw.toString("utf8")) as unknown });
        next();
      });
    };
    const url = await serve((app, ingestor) =>
      app.post("/webhooks/:source", platform, createExpressMiddleware(ingestor)),
    );
    expect((await fetch(await signedRequest(`${url}/webhooks/shop`, ORDER))).status).toBe(202);
  });

  it.each([
    ["express.json()", () => express.json()],
    ["express.text()", () => express.text({ type: "*/*" })],
  ])(
    "explains how to fix the mounting when %s consumed the body first",
    async (_parser, parser) => {
      const url = await serve((app, ingestor) => {
        app.use(parser());
        app.post("/webhooks/:source", createExpressMiddleware(ingestor));
      });
      const response = await fetch(await signedRequest(`${url}/webhooks/shop`, ORDER));
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      expect(response.status).toBe(500);
      expect(error.code).toBe("RAW_BODY_UNAVAILABLE");
      expect(error.message).toContain("before `app.use(express.json())`");
      expect(error.message).toContain('express.raw({ type: "*/*" })');
      expect(error.message).not.toContain("12.50");
    },
  );

  it("reads the stream when a JSON parser skipped a body it does not handle", async () => {
    const url = await serve((app, ingestor) => {
      app.use(express.json());
      app.post("/webhooks/:source", createExpressMiddleware(ingestor));
    });
    const response = await fetch(
      await signedRequest(`${url}/webhooks/shop`, ORDER, { "content-type": "text/plain" }),
    );
    expect(response.status).toBe(415);
  });

  it("takes the source from the `source` option on a route without :source", async () => {
    const url = await serve((app, ingestor) =>
      app.post("/hooks", createExpressMiddleware(ingestor, { source: "shop" })),
    );
    expect((await fetch(await signedRequest(`${url}/hooks`, ORDER))).status).toBe(202);
  });

  it("passes an unexpected failure to next(err)", async () => {
    const broken = { handle: () => Promise.reject(new Error("bug")) } as unknown as Ingestor;
    const seen: unknown[] = [];
    // Express recognises an error handler by its four parameters, so `_next` must stay.
    const onError: ErrorRequestHandler = (error, _req, res, _next) => {
      seen.push(error);
      res.status(599).end();
    };
    const url = await serve((app) => {
      app.post("/webhooks/:source", createExpressMiddleware(broken));
      app.use(onError);
    });
    expect((await fetch(await signedRequest(`${url}/webhooks/shop`, ORDER))).status).toBe(599);
    expect(seen).toEqual([new Error("bug")]);
  });
});

describe("createExpressMiddleware without Express", () => {
  it("serves a plain Node http server (e.g. Next.js pages API routes without bodyParser)", async () => {
    const ingestor = shopIngestor();
    const middleware = createExpressMiddleware(ingestor, { source: "shop" });
    const server = await listen((req, res) => middleware(req, res, () => res.writeHead(599).end()));
    try {
      expect((await fetch(await signedRequest(`${server.url}/api/shop`, ORDER))).status).toBe(202);
    } finally {
      await server.close();
      await ingestor.close();
    }
  });
});

describe("createExpressMiddleware options", () => {
  it("rejects a missing ingestor when mounted, naming the option", () => {
    expect(() => createExpressMiddleware(undefined as unknown as Ingestor)).toThrow("`ingestor`");
  });
});
