/**
 * Memory kept by the memory adapter, measured in-process (no HTTP):
 *
 *   node --expose-gc --conditions=@hookwise/source --import tsx bench/memory.bench.ts [--events=20000] [--no-write]
 *
 * 1. Bytes kept per stored 2 KB event: `--events` signed events go through `ingestor.handle` with no
 *    worker, so each stays stored with its idempotency key and its queued job; the heap after a full
 *    GC, minus the heap before, divided by the count.
 * 2. RSS once the store is full: a store capped at a quarter of `--events` takes four times its cap
 *    while the worker delivers to a no-op destination, so settled records are evicted; RSS and heap
 *    are sampled after each cap's worth. Flat means the last samples are no higher than the first
 *    sample taken when full, give or take the noise of the allocator.
 */
import { writeDocSection } from "./doc-section.ts";
import {
  BENCH_BODY_BYTES,
  BENCH_SIGNATURE_HEADER,
  BENCH_SOURCE,
  benchBody,
  benchSignature,
} from "./http-fixture.ts";
import {
  createHandlerDestination,
  createHmacVerifier,
  createIngestor,
  defineSource,
  defineTransformer,
  silentLogger,
} from "@hookwise/core";
import { createMemoryAdapter } from "@hookwise/adapter-memory";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("Run with node --expose-gc.");
const argument = (name: string): string | undefined =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const EVENTS = Number(argument("events") ?? 20_000);
const write = !process.argv.includes("--no-write");

const source = defineSource({
  name: BENCH_SOURCE,
  verifier: createHmacVerifier({
    secret: "bench-secret-0123456789abcdef",
    header: BENCH_SIGNATURE_HEADER,
    prefix: "sha256=",
  }),
  id: ({ payload }) => (payload as { id: string }).id,
  type: ({ payload }) => (payload as { name: string }).name,
});

function ingestorWith(maxEvents: number, maxIdempotencyKeys?: number) {
  return createIngestor({
    adapter: createMemoryAdapter({
      maxEvents,
      logger: silentLogger,
      maxQueuedJobs: Infinity,
      ...(maxIdempotencyKeys === undefined ? {} : { maxIdempotencyKeys }),
    }),
    sources: [source],
    transformers: [
      defineTransformer({
        name: "noop",
        source: BENCH_SOURCE,
        type: "order.completed",
        to: ["sink"],
        transform: () => ({ ok: true }),
      }),
    ],
    destinations: [createHandlerDestination("sink", () => undefined)],
    logger: silentLogger,
  });
}

async function send(ingestor: ReturnType<typeof ingestorWith>, n: number): Promise<void> {
  const body = benchBody(n);
  const response = await ingestor.handle({
    method: "POST",
    url: `/webhooks/${BENCH_SOURCE}`,
    source: BENCH_SOURCE,
    headers: { "content-type": "application/json", [BENCH_SIGNATURE_HEADER]: benchSignature(body) },
    body: new TextEncoder().encode(body),
  });
  if (response.status !== 202) throw new Error(`Event ${n} answered ${response.status}.`);
}

/** JS heap plus the bytes of ArrayBuffers (where the raw bodies live), after a full GC. */
function heapAfterGc(): number {
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

async function bytesPerStoredEvent(): Promise<number> {
  const ingestor = ingestorWith(EVENTS + 1);
  await send(ingestor, -1); // warm every code path before the baseline
  const before = heapAfterGc();
  for (let n = 0; n < EVENTS; n++) await send(ingestor, n);
  const after = heapAfterGc();
  await ingestor.close();
  return (after - before) / EVENTS;
}

interface Sample {
  readonly events: number;
  readonly rssMb: number;
  readonly heapMb: number;
}

async function rssOnceFull(): Promise<Sample[]> {
  const cap = Math.max(1_000, Math.floor(EVENTS / 4));
  // Idempotency keys capped too: by default they outlive records (100,000 keys) and would still grow.
  const ingestor = ingestorWith(cap, cap);
  ingestor.start();
  const samples: Sample[] = [];
  let sent = 0;
  for (let round = 0; round < 5; round++) {
    for (let i = 0; i < cap; i++) await send(ingestor, 10_000_000 + sent++);
    // Let the worker settle what is queued, so eviction has settled records to take.
    while ((await ingestor.listEvents({ status: "queued", limit: 1 })).records.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const heap = heapAfterGc();
    samples.push({
      events: sent,
      rssMb: process.memoryUsage().rss / 1_048_576,
      heapMb: heap / 1_048_576,
    });
  }
  await ingestor.close();
  return samples;
}

const perEvent = await bytesPerStoredEvent();
const samples = await rssOnceFull();
const full = samples[1] ?? samples[0];
const last = samples.at(-1);
const growth =
  full !== undefined && last !== undefined ? (last.heapMb - full.heapMb) / full.heapMb : 0;
const report = [
  `Measured ${new Date().toISOString().slice(0, 10)} on Node ${process.version}; ${String(EVENTS)} signed ${String(BENCH_BODY_BYTES)} B JSON events through \`ingestor.handle\` (no HTTP), hookwise from source.`,
  "",
  `- **Kept per stored event** (record with the raw body and headers, idempotency key, queued job): **${Math.round(perEvent).toLocaleString("en")} B** of heap and buffers for a ${String(BENCH_BODY_BYTES)} B body (${(perEvent / BENCH_BODY_BYTES).toFixed(2)}× the body).`,
  `- **Once full** (events and idempotency keys capped at ${String(Math.max(1_000, Math.floor(EVENTS / 4)))}, worker delivering, settled records evicted): heap and buffers after GC from the first full sample to the last: ${growth >= 0 ? "+" : ""}${(growth * 100).toFixed(1)}%.`,
  "",
  "| events sent | RSS MB | heap + buffers after GC MB |",
  "| ---: | ---: | ---: |",
  ...samples.map((s) => `| ${String(s.events)} | ${s.rssMb.toFixed(0)} | ${s.heapMb.toFixed(1)} |`),
].join("\n");
console.log(report);
if (write) {
  await writeDocSection(
    new URL("../docs/benchmarks.md", import.meta.url).pathname,
    {
      heading: "## Memory",
      start:
        "<!-- memory-bench:start (generated by bench/memory.bench.ts; do not edit by hand) -->",
      end: "<!-- memory-bench:end -->",
    },
    report,
  );
}
