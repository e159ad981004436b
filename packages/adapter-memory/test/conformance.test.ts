import * as vitest from "vitest";
import { silentLogger } from "@hookwise/core";
import { testAdapter } from "@hookwise/core/testing";
import { createMemoryAdapter } from "@hookwise/adapter-memory";

// The whole adapter contract, on a fake clock. The memory adapter is neither durable nor shared,
// so the durable and shared-state tests report themselves skipped by capability.
testAdapter(vitest, {
  name: "memory",
  time: "fake",
  create: ({ clock }) => createMemoryAdapter({ clock, logger: silentLogger }),
});
