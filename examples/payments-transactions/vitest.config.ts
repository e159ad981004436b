import { hookwiseProject } from "../../vitest.shared.ts";

export default hookwiseProject("@hookwise/example-payments-transactions", { testTimeout: 30_000 });
