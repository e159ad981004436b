/**
 * Outbound delivery throughput: deliveries a second to a local receiver (keep-alive, 50 in flight),
 * hookwise's outbox against a bare `fetch` loop with the same concurrency, in one run:
 *
 *   node --conditions=@hookwise/source --import tsx bench/outbound.bench.ts [--messages=10000] [--rounds=3] [--no-write]
 *
 * - bare fetch: 50 loops, each `await fetch(url, { method: "POST", body })` and reading the answer,
 *   until `--messages` requests are done. No storage, no signature, no retry bookkeeping. The
 *   baseline the issue names.
 * - bare undici: the same loops over `undici.request` with a keep-alive Agent of 50 connections, the
 *   HTTP client the outbox itself uses: the honest floor of what hookwise adds.
 * - hookwise: `outbox.send` for each message (stored in the memory adapter, one endpoint) while the
 *   started outbox delivers with 50 attempts in flight; the clock stops at the last delivery. Each
 *   delivery is signed (Standard Webhooks), recorded with its attempt and settled.
 * Rounds are interleaved (bare, hookwise, bare, ...) and the medians reported, because the machine
 * is shared and noisy. The receiver runs in its own process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { silentLogger } from "@hookwise/core";
import { createOutbox } from "@hookwise/outbound";
import { Agent } from "undici";
import { writeDocSection } from "./doc-section.ts";

const argument = (name: string): string | undefined =>
  process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1];
const MESSAGES = Number(argument("messages") ?? 10_000);
const ROUNDS = Number(argument("rounds") ?? 3);
const IN_FLIGHT = 50;
const write = !process.argv.includes("--no-write");
const payload = {
  id: "evt",
  type: "invoice.paid",
  data: {
    amount: 1234,
    currency: "EUR",
    lines: Array.from({ length: 20 }, (_, i) => ({ sku: `sku-${String(i)}`, qty: i })),
  },
};
const body = JSON.stringify(payload);

async function startReceiver(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/outbound-receiver.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (child.stdout === null) throw new Error("no receiver stdout");
  const [chunk] = (await once(child.stdout, "data")) as [Buffer];
  return { child, url: `http://127.0.0.1:${chunk.toString().trim()}/hooks` };
}

async function bare(url: string): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < MESSAGES) {
        const response = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        await response.arrayBuffer();
        if (response.status !== 204) throw new Error(`bare: HTTP ${String(response.status)}`);
      }
    }),
  );
  return MESSAGES / ((performance.now() - started) / 1000);
}

async function bareUndici(url: string): Promise<number> {
  const agent = new Agent({ connections: IN_FLIGHT });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next++ < MESSAGES) {
        const response = await agent.request({
          origin: new URL(url).origin,
          path: "/hooks",
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        await response.body.dump();
        if (response.statusCode !== 204)
          throw new Error(`undici: HTTP ${String(response.statusCode)}`);
      }
    }),
  );
  const rate = MESSAGES / ((performance.now() - started) / 1000);
  await agent.close();
  return rate;
}

async function hookwise(url: string): Promise<number> {
  const outbox = createOutbox({
    adapter: createMemoryAdapter({
      logger: silentLogger,
      maxEvents: MESSAGES * 2,
      maxQueuedJobs: Infinity,
    }),
    allowPrivateNetworks: true,
    concurrency: IN_FLIGHT,
    logger: silentLogger,
  });
  await outbox.endpoints.create({ tenant: "bench", url });
  let delivered = 0;
  let failed = 0;
  const done = new Promise<void>((resolve) => {
    outbox.on("message.delivered", () => {
      if (++delivered === MESSAGES) resolve();
    });
    outbox.on("attempt.failed", () => {
      failed++;
    });
  });
  outbox.start();
  const started = performance.now();
  for (let index = 0; index < MESSAGES; index++)
    await outbox.send({
      tenant: "bench",
      type: "invoice.paid",
      payload: { ...payload, id: `evt_${String(index)}` },
    });
  await done;
  const rate = MESSAGES / ((performance.now() - started) / 1000);
  await outbox.close();
  if (failed > 0) throw new Error(`hookwise: ${String(failed)} failed attempts`);
  return rate;
}

function row(name: string, rates: number[], bareFetch: number, bareUndici: number): string {
  const value = median(rates);
  const all = rates.map((rate) => rate.toFixed(0)).join(", ");
  return `| ${name} | ${value.toFixed(0)} | ${all} | ${(value / bareFetch).toFixed(2)} | ${(value / bareUndici).toFixed(2)} |`;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

const receiver = await startReceiver();
try {
  // One warm-up of each, not counted.
  await bare(receiver.url);
  await bareUndici(receiver.url);
  await hookwise(receiver.url);
  const bareRates: number[] = [];
  const undiciRates: number[] = [];
  const hookwiseRates: number[] = [];
  const last = (rates: number[]) => (rates.at(-1) ?? 0).toFixed(0);
  for (let round = 1; round <= ROUNDS; round++) {
    bareRates.push(await bare(receiver.url));
    undiciRates.push(await bareUndici(receiver.url));
    hookwiseRates.push(await hookwise(receiver.url));
    console.log(
      `round ${String(round)}: bare fetch ${last(bareRates)}/s, bare undici ${last(undiciRates)}/s, hookwise ${last(hookwiseRates)}/s`,
    );
  }
  const bareMedian = median(bareRates);
  const undiciMedian = median(undiciRates);
  const hookwiseMedian = median(hookwiseRates);
  const ratio = hookwiseMedian / bareMedian;
  const report = [
    `Node ${process.version}, ${String(MESSAGES)} messages a round, ${String(IN_FLIGHT)} in flight, ${String(ROUNDS)} interleaved rounds (medians), receiver in its own process answering 204, keep-alive.`,
    "",
    "| contestant | deliveries/s (median) | rounds | vs bare fetch | vs bare undici |",
    "| --- | --: | --- | --: | --: |",
    row("bare `fetch` loop", bareRates, bareMedian, undiciMedian),
    row("bare `undici.request` loop", undiciRates, bareMedian, undiciMedian),
    row(
      "hookwise outbox (memory: send, sign, deliver, record)",
      hookwiseRates,
      bareMedian,
      undiciMedian,
    ),
    "",
    `Target: ≥ 0.80 of the bare fetch loop: ${ratio >= 0.8 ? "met" : "not met"} (${ratio.toFixed(2)}). Against the HTTP client it uses, the outbox keeps ${(hookwiseMedian / undiciMedian).toFixed(2)} of the bare rate.`,
  ].join("\n");
  console.log(`\n${report}`);
  if (write)
    await writeDocSection(
      "docs/benchmarks.md",
      {
        heading: "## Outbound delivery",
        start:
          "<!-- outbound-bench:start (generated by bench/outbound.bench.ts; edit outside the markers) -->",
        end: "<!-- outbound-bench:end -->",
      },
      report,
    );
} finally {
  receiver.child.kill("SIGTERM");
}
