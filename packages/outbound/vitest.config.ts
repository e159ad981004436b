import { hookwiseProject } from "../../vitest.shared.ts";

export default hookwiseProject("@hookwise/outbound");
