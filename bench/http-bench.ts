/**
 * HTTP ingest bench: webhooks per second, p50/p99 latency and server CPU time per request of
 * hookwise on Express and on Fastify, beside a bare Express and a bare Fastify receiver doing only
 * raw body + HMAC check + 202, and a hand-written Fastify receiver that also keeps each event it
 * acknowledges (`bare-fastify-keep`). Each server runs alone in a child process (bench/http-server.ts);
 * autocannon drives it from this process with 50 connections and a unique, signed 2 KB body per
 * request, first for a warm-up, then for the measured run.
 *
 *   npm run bench                      # everything, then the verification bench
 *   node --conditions=@hookwise/source --import tsx bench/http-bench.ts [options]
 *
 * Options: --duration=<s> (10), --warmup=<s> (3), --connections=<n> (50), --rounds=<n> (3),
 * --rate=<req/s> (0: flat out; else every server gets this offered load),
 * --only=<variant,...>, --from=build|source (hookwise bundled like dist, the default, or its
 * sources through tsx), --cpu-prof (write .cpuprofile files to bench/results/profiles/<variant>; summarise the
 * largest one with `node bench/http-profile.mjs <file>`),
 * --max-events=<n> (the memory adapter's `maxEvents` when the worker runs; default: the adapter's
 * own default), --no-write (do not update docs/benchmarks.md).
 *
 * `BENCH_NODE_FLAGS` (space-separated) goes to every server's Node, e.g. `BENCH_NODE_FLAGS=--trace-gc`.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import autocannon from "autocannon";
import { askChild, stopChild } from "./bench-child.ts";
import { buildHookwiseBundle } from "./http-build.ts";
import {
  BENCH_BODY_BYTES,
  BENCH_SIGNATURE_HEADER,
  BENCH_SOURCE,
  benchBody,
  benchSignature,
} from "./http-fixture.ts";
import { formatHttpReport, medianRuns, writeHttpSection, type HttpRun } from "./http-report.ts";
import { HTTP_VARIANTS, type HttpVariant, type UsageMessage } from "./http-protocol.ts";

const root = new URL("..", import.meta.url).pathname;
const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key = "", value = "true"] = arg.replace(/^--/, "").split("=");
    return [key, value] as const;
  }),
);
const durationSeconds = Number(args.get("duration") ?? 10);
const warmupSeconds = Number(args.get("warmup") ?? 3);
const connections = Number(args.get("connections") ?? 50);
const rounds = Number(args.get("rounds") ?? 3);
// 0: as fast as each server goes. A rate: every server gets the same offered load, so CPU per
// request compares like with like (a saturated server batches its I/O and pays less per request).
const rate = Number(args.get("rate") ?? 0);
const cpuProf = args.has("cpu-prof");
const from = args.get("from") ?? "build";
const maxEvents = args.get("max-events");
if (from !== "build" && from !== "source") throw new Error("--from must be `build` or `source`.");
const variants = (args.get("only")?.split(",") ?? [
  "bare-express",
  "hookwise-express",
  "bare-fastify",
  "hookwise-fastify",
  "hookwise-express-ingest",
  "hookwise-fastify-ingest",
  "bare-fastify-keep",
]) as HttpVariant[];
for (const variant of variants) {
  if (!HTTP_VARIANTS.includes(variant))
    throw new Error(`Unknown variant ${variant}; one of ${HTTP_VARIANTS.join(", ")}.`);
}

const nodeFlags = (process.env["BENCH_NODE_FLAGS"] ?? "").split(" ").filter((flag) => flag !== "");
let nextId = 1;
const bundle = from === "build" ? await buildHookwiseBundle() : undefined;

function startServer(variant: HttpVariant): Promise<{ child: ChildProcess; port: number }> {
  const execArgv = ["--conditions=@hookwise/source", "--import", "tsx", ...nodeFlags];
  // One folder per server: the module-hooks thread writes its own (small) profile there too.
  if (cpuProf)
    execArgv.push("--cpu-prof", `--cpu-prof-dir=${root}bench/results/profiles/${variant}`);
  const child = fork(`${root}bench/http-server.ts`, [variant], {
    cwd: root,
    execArgv,
    env: {
      ...process.env,
      ...(bundle === undefined ? {} : { HOOKWISE_BENCH_MODULE: bundle }),
      ...(maxEvents === undefined ? {} : { BENCH_MAX_EVENTS: maxEvents }),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`${variant} server exited with code ${String(code)} before it was ready.`)),
    );
    child.once("message", (message: { type: string; port: number }) => {
      if (message.type === "ready") resolve({ child, port: message.port });
    });
  });
}

function load(port: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/webhooks/${BENCH_SOURCE}`,
    connections,
    duration: seconds,
    ...(rate > 0 ? { overallRate: rate } : {}),
    method: "POST",
    headers: { "content-type": "application/json" },
    requests: [
      {
        setupRequest: (request) => {
          const body = benchBody(nextId++);
          return {
            ...request,
            body,
            headers: { ...request.headers, [BENCH_SIGNATURE_HEADER]: benchSignature(body) },
          };
        },
      },
    ],
  });
}

async function measure(variant: HttpVariant): Promise<HttpRun> {
  const { child, port } = await startServer(variant);
  child.removeAllListeners("exit");
  try {
    if (warmupSeconds > 0) await load(port, warmupSeconds);
    child.send({ type: "start" });
    const result = await load(port, durationSeconds);
    const usage = await askChild<UsageMessage>(child, { type: "stop" });
    return {
      variant,
      requestsPerSecond: result.requests.total / (result.duration || durationSeconds),
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      cpuMicrosPerRequest: (usage.userMicros + usage.systemMicros) / Math.max(1, usage.requests),
      serverRequests: usage.requests,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      rssMegabytes: usage.rssBytes / 1_048_576,
    };
  } finally {
    await stopChild(child);
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.version}`;
console.log(
  `HTTP ingest bench: ${connections} connections, ${BENCH_BODY_BYTES} B signed bodies, ${warmupSeconds} s warm-up + ${durationSeconds} s per server (${machine})`,
);
const [load1 = 0] = loadavg();
if (load1 > 0.5) {
  console.warn(
    `  (load average ${load1.toFixed(2)}: other work on this machine skews every number below)`,
  );
}
// Interleaved rounds, each in another order, so a burst of load elsewhere on this shared machine hits
// every variant alike; every figure reported is the median over the rounds.
const roundRuns: HttpRun[][] = [];
for (let round = 0; round < rounds; round++) {
  const order = variants.map((_, i) => variants[(i + round) % variants.length] as HttpVariant);
  console.log(`  round ${round + 1} of ${rounds}`);
  const runsOfRound: HttpRun[] = [];
  for (const variant of order) {
    process.stdout.write(`    ${variant.padEnd(24)} `);
    const run = await measure(variant);
    runsOfRound.push(run);
    console.log(
      `${Math.round(run.requestsPerSecond)} req/s, p99 ${run.latencyP99Ms} ms, ${run.cpuMicrosPerRequest.toFixed(1)} µs CPU/req`,
    );
  }
  roundRuns.push(variants.map((v) => runsOfRound.find((run) => run.variant === v) as HttpRun));
}
const runs = medianRuns(roundRuns);
const settings = {
  from,
  maxEvents: maxEvents === undefined ? "adapter default" : maxEvents,
  loadAverage: load1,
  connections,
  durationSeconds,
  warmupSeconds,
  bodyBytes: BENCH_BODY_BYTES,
  machine,
  date: new Date().toISOString(),
  rounds,
  rate,
};
const report = formatHttpReport(runs, settings, roundRuns);
console.log(`\n${report}`);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/http-${settings.date.replace(/[:.]/g, "-")}.json`,
  JSON.stringify({ settings, rounds: roundRuns, runs }, null, 2),
);
if (args.get("write") !== "false" && !args.has("no-write")) {
  await writeHttpSection(`${root}docs/benchmarks.md`, report);
  console.log("Updated the HTTP ingest results in docs/benchmarks.md.");
}
