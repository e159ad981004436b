import { createTsupConfig } from "../../tsup.config.base.ts";

// Fastify runs on Node only, unlike core.
export default createTsupConfig({ index: "src/index.ts" }, { platform: "node" });
