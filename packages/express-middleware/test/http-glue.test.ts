import express5 from "express";
import express4 from "express4";
import * as vitest from "vitest";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { testHttpGlue } from "@hookwise/core/testing";
import { createExpressMiddleware } from "../src/index.ts";
import { listen } from "./helpers/webhook-fixture.ts";

for (const [name, express] of [
  ["express 5", express5],
  ["express 4", express4],
] as const) {
  testHttpGlue(vitest, {
    name,
    createAdapter: ({ clock, logger }) => createMemoryAdapter({ clock, logger }),
    start(ingestor, { hostJsonParser }) {
      const app = express();
      if (hostJsonParser) app.use(express.json());
      app.post("/webhooks/:source", createExpressMiddleware(ingestor));
      return listen(app);
    },
  });
}
