/** Runs one request through a real ingestor (memory adapter, fake clock) and closes it. */
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { silentLogger } from "../../src/util/logger.ts";
import { createIngestor } from "../../src/create-ingestor.ts";
import type { Source } from "../../src/sources/source.ts";
import { createFakeClock } from "../../src/testing/fake-clock.ts";
import { NOW_MS } from "./tamper.ts";

/** The ingestor's answer to `request`, with `sources` registered. */
export async function answerOf(sources: readonly Source[], request: Request): Promise<Response> {
  const ingestor = createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources: [...sources],
    clock: createFakeClock(NOW_MS),
  });
  try {
    return await ingestor.fetch(request);
  } finally {
    await ingestor.close();
  }
}

/** A POST of `body` with `headers` (JSON unless told otherwise) to `/webhooks/<source>`. */
export function post(
  source: string,
  body: string,
  headers: Record<string, string>,
  query = "",
): Request {
  return new Request(`https://hooks.example.com/webhooks/${source}${query}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}
