import * as vitest from "vitest";
import { silentLogger } from "@hookwise/core";
import { testAdapterInvariants } from "@hookwise/core/testing";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { breakable, type BackendSwitch } from "./helpers/breakable-adapter.ts";

// The memory adapter has no backend to break, so the suite's `faults:` tests run against it behind
// a switch that fails every call: it proves those tests pass for an adapter that behaves.
const backend: BackendSwitch = { broken: false };

testAdapterInvariants(vitest, {
  name: "memory (breakable)",
  time: "fake",
  create: ({ clock }) => breakable(createMemoryAdapter({ clock, logger: silentLogger }), backend),
  faults: {
    breakBackend: async () => void (backend.broken = true),
    restoreBackend: async () => void (backend.broken = false),
  },
});
