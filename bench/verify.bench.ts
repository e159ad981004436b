/**
 * Signature verification bench: verifications per second of hookwise, the official SDKs and a bare
 * node:crypto floor (header parse + createHmac + timingSafeEqual), for Standard Webhooks, Stripe and
 * GitHub, on 2 KB and 64 KB bodies, side by side in one process. hookwise is bundled from its
 * source with esbuild exactly as tsup builds dist/index.js (bench/verify-build.ts), so no build
 * step is needed and tsx's helpers are not measured; `--from=source` imports the source through tsx.
 *
 *   node --conditions=@hookwise/source --import tsx bench/verify.bench.ts [--rounds=101] [--round-ms=10] [--from=build|source] [--no-write]
 *
 * Each round runs every contestant of a case once for `round-ms`, in turn, so drift hits all of
 * them alike. The table reports each contestant's median rate and the median of the per-round
 * ratios hookwise ÷ contestant (robust to load changing between rounds). The first contestant of
 * every case is hookwise. Results go to docs/benchmarks.md under
 * "## Signature verification" (only between this bench's markers).
 */
import { cpus } from "node:os";
import { loadHookwise } from "./verify-build.ts";
import { benchCases, type Contestant } from "./verify-cases.ts";
import { formatVerifyReport, writeVerifySection, type VerifyResult } from "./verify-report.ts";

const args = new Map(
  process.argv
    .slice(2)
    .map((arg) => [arg.replace(/^--/, "").split("=")[0] ?? "", arg.split("=")[1] ?? "true"]),
);
const rounds = Number(args.get("rounds") ?? 101);
const roundMs = Number(args.get("round-ms") ?? 10);
const BODIES: readonly [string, number][] = [
  ["2 KB", 2 * 1024],
  ["64 KB", 64 * 1024],
];

/** A JSON body of exactly `size` bytes, deterministic. */
function jsonBody(size: number): string {
  const head = '{"id":"evt_bench","type":"bench.event","data":{"pad":"';
  const tail = '"}}';
  let pad = "";
  for (let i = 0; pad.length < size - head.length - tail.length; i++)
    pad += "abcdefghijklmnopqrstuvwxyz0123456789".charAt((i * 7) % 36);
  return head + pad + tail;
}

async function runFor(contestant: Contestant, ms: number): Promise<number> {
  let count = 0;
  const start = performance.now();
  const deadline = start + ms;
  while (performance.now() < deadline) {
    if (contestant.async) for (let i = 0; i < 64; i++) await contestant.run();
    else for (let i = 0; i < 64; i++) contestant.run();
    count += 64;
  }
  return count / ((performance.now() - start) / 1000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function rejects(run: () => unknown): Promise<boolean> {
  try {
    await run();
    return false;
  } catch {
    return true;
  }
}

async function main(): Promise<void> {
  const from = args.get("from") === "source" ? "source" : "build";
  const core = await loadHookwise(from);
  const results: VerifyResult[] = [];
  for (const [bodyLabel, size] of BODIES) {
    for (const benchCase of await benchCases(core, jsonBody(size))) {
      for (const contestant of benchCase.contestants) {
        await contestant.run();
        if (!(await rejects(contestant.runTampered)))
          throw new Error(`${contestant.name} accepted a tampered body`);
        await runFor(contestant, roundMs);
      }
      const samples = new Map<Contestant, number[]>(
        benchCase.contestants.map((contestant) => [contestant, []]),
      );
      for (let round = 0; round < rounds; round++) {
        for (const contestant of benchCase.contestants)
          samples.get(contestant)?.push(await runFor(contestant, roundMs));
      }
      const hookwise = samples.get(benchCase.contestants[0] as Contestant) ?? [];
      for (const [contestant, values] of samples) {
        // Ratios are taken round by round (same moment, same machine load), then the median.
        const ratio = median(values.map((value, round) => (hookwise[round] ?? 0) / value));
        const opsPerSecond = median(values);
        results.push({
          scheme: benchCase.scheme,
          bodyLabel,
          name: contestant.name,
          kind: contestant.kind,
          opsPerSecond,
          hookwiseRatio: ratio,
        });
        console.error(
          `${benchCase.scheme} ${bodyLabel} ${contestant.name}: ${Math.round(opsPerSecond)}/s, hookwise ÷ this ${ratio.toFixed(2)}`,
        );
      }
    }
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const environment = `Node ${process.version}, ${cpu} (${cpus().length} cores), ${new Date().toISOString().slice(0, 10)}; ${rounds} rounds × ${roundMs} ms per contestant, median; one verification at a time, no concurrency; hookwise ${from === "build" ? "bundled from source with esbuild like tsup's dist (bench/verify-build.ts)" : "imported from source through tsx"}.`;
  const report = formatVerifyReport(results, environment);
  console.log(`\n${report}\n`);
  if (args.get("no-write") !== "true")
    writeVerifySection(new URL("../docs/benchmarks.md", import.meta.url).pathname, report);
}

await main();
