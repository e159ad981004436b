import { createTsupConfig } from "../../tsup.config.base.ts";

// Node streams and http types: this package runs on Node only, unlike core.
export default createTsupConfig({ index: "src/index.ts" }, { platform: "node" });
