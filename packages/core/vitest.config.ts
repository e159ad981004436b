import { hookwiseProject } from "../../vitest.shared.ts";

export default hookwiseProject("@hookwise/core", { setupFiles: ["test/setup/fast-check.ts"] });
