import * as vitest from "vitest";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { testHttpGlue } from "../../src/testing/test-http-glue.ts";

testHttpGlue(vitest, {
  name: "ingestor.fetch",
  createAdapter: ({ clock, logger }) => createMemoryAdapter({ clock, logger }),
  start: (ingestor) => ({ send: (request) => ingestor.fetch(request) }),
  skip: [
    {
      reason:
        "a fetch handler receives the Request itself: no host body parser can sit in front of it",
      tests: ["reports RAW_BODY_UNAVAILABLE when a host JSON parser read the body first"],
    },
  ],
});

vitest.describe("testHttpGlue options", () => {
  const start = () => ({ send: () => Promise.resolve(new Response()) });
  const createAdapter = () => createMemoryAdapter();

  vitest.it("rejects a skip entry without a reason", () => {
    const skip = [{ reason: " ", tests: ["answers 400 when the body is not JSON"] }];
    vitest
      .expect(() => testHttpGlue(vitest, { name: "x", start, createAdapter, skip }))
      .toThrow("`reason`");
  });

  vitest.it("rejects a skip entry naming no test of the suite", () => {
    const skip = [{ reason: "typo", tests: ["answers 400 when the body isnt JSON"] }];
    vitest
      .expect(() => testHttpGlue(vitest, { name: "x", start, createAdapter, skip }))
      .toThrow("names no test");
  });
});
