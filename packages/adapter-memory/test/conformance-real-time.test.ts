import * as vitest from "vitest";
import { silentLogger } from "@hookwise/core";
import { testAdapter } from "@hookwise/core/testing";
import { createMemoryAdapter } from "@hookwise/adapter-memory";

// The same suite on the real clock: short TTLs and bounded polling, as a Redis adapter runs it.
// Keeps the suite's real-time mode honest with an adapter that needs no server.
testAdapter(vitest, {
  name: "memory (real time)",
  time: "real",
  create: () => createMemoryAdapter({ logger: silentLogger, redeliveryDelayMs: 50 }),
});
