/** The middleware passes GET and the query string (`originalUrl`) to core, mounted with `app.all`. */
import express from "express";
import { describe, expect, it } from "vitest";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { createIngestor, silentLogger } from "@hookwise/core";
import { metaSource } from "@hookwise/core/providers";
import { createExpressMiddleware } from "../src/index.ts";
import { listen } from "./helpers/webhook-fixture.ts";

describe("createExpressMiddleware: GET challenges", () => {
  it("answers a Meta verification request mounted under a router prefix", async () => {
    const ingestor = createIngestor({
      adapter: createMemoryAdapter({ logger: silentLogger }),
      sources: [metaSource({ secret: "app-secret", verifyToken: "meatyhamhock" })],
      logger: silentLogger,
    });
    const app = express();
    const router = express.Router();
    router.all("/:source", createExpressMiddleware(ingestor));
    app.use("/webhooks", router);
    const server = await listen(app);
    try {
      const query = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";
      const ok = await fetch(`${server.url}/webhooks/meta?${query}`);
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe("1158201444");
      const wrong = await fetch(`${server.url}/webhooks/meta?${query.replace("meaty", "x")}`);
      expect(wrong.status).toBe(401);
    } finally {
      await server.close();
      await ingestor.close();
    }
  });
});
