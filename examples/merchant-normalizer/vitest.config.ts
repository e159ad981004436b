import { hookwiseProject } from "../../vitest.shared.ts";

export default hookwiseProject("@hookwise/example-merchant-normalizer", { testTimeout: 30_000 });
