import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createIngestor } from "../../src/create-ingestor.ts";
import { createHandlerDestination } from "../../src/dispatch/handler-destination.ts";
import { defineSource, type Source } from "../../src/sources/source.ts";
import { defineTransformer } from "../../src/transform/transformer.ts";
import { silentLogger } from "../../src/util/logger.ts";
import { order, shopSource, signed } from "../helpers/ingest-harness.ts";

/** The shop source with a parser that counts its calls, and a schema default to see validation. */
function countingSource(): { source: Source; parses: () => number } {
  let parses = 0;
  const source = defineSource({
    ...shopSource,
    parse: (body) => {
      parses++;
      return JSON.parse(new TextDecoder().decode(body)) as unknown;
    },
    schemas: {
      "order.completed": z.object({
        id: z.string(),
        type: z.string(),
        channel: z.string().default("web"),
      }),
    },
  });
  return { source, parses: () => parses };
}

function setUp(source: Source, adapter = createMemoryAdapter({ logger: silentLogger })) {
  const seen: unknown[][] = [[], []];
  const transformers = [0, 1].map((index) =>
    defineTransformer({
      name: `t${String(index)}`,
      source: "shop",
      type: "order.completed",
      to: ["sink"],
      transform: ({ payload }) => {
        seen[index]?.push(structuredClone(payload));
        (payload as { touched?: boolean }).touched = true;
        return { index };
      },
    }),
  );
  const delivered: unknown[] = [];
  const ingestor = createIngestor({
    adapter,
    sources: [source],
    transformers,
    destinations: [createHandlerDestination("sink", (output) => void delivered.push(output))],
    logger: silentLogger,
  });
  return { ingestor, seen, delivered, adapter };
}

describe("the payload is parsed and validated once per event", () => {
  it("a worker in the ingesting process uses the payload the ack path validated", async () => {
    const { source, parses } = countingSource();
    const { ingestor, seen, delivered } = setUp(source);
    ingestor.start();
    expect((await ingestor.handle(await signed(order("ord_once")))).status).toBe(202);
    await vi.waitFor(() => expect(delivered).toHaveLength(2));
    expect(parses()).toBe(1);
    const validated = { id: "ord_once", type: "order.completed", channel: "web" };
    // Each transformer sees the validated payload; one that mutates it does not change the next one's.
    expect(seen).toEqual([[validated], [validated]]);
    await ingestor.close();
  });

  it("a worker in another process reads the stored bytes with the same parser and schema", async () => {
    const adapter = createMemoryAdapter({ logger: silentLogger });
    const ingest = countingSource();
    const ingestOnly = setUp(ingest.source, adapter).ingestor;
    expect((await ingestOnly.handle(await signed(order("ord_other")))).status).toBe(202);
    expect(ingest.parses()).toBe(1);

    const work = countingSource();
    const workerOnly = setUp(work.source, adapter);
    workerOnly.ingestor.start();
    await vi.waitFor(() => expect(workerOnly.delivered).toHaveLength(2));
    expect(work.parses()).toBe(1);
    expect(workerOnly.seen[0]).toEqual([
      { id: "ord_other", type: "order.completed", channel: "web" },
    ]);
    await workerOnly.ingestor.close();
  });
});
