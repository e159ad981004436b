/**
 * Redis ingest and workers bench (issue 8), everything on one Redis (`REDIS_URL`, default
 * redis://127.0.0.1:6379), each server or worker alone in a child process (bench/redis-server.ts):
 *
 * - ingest: autocannon against hookwise on Fastify + createRedisAdapter (verify, parse, claim,
 *   store the whole event, enqueue, then 202), against a bare Fastify handler doing HMAC + `SET NX`
 *   + BullMQ `add`, and against one doing HMAC + one Lua script (`SET NX` then `XADD`): req/s, p99,
 *   server CPU µs/req, and Redis CPU µs/req from `INFO cpu` before and after;
 * - workers: `--events` events queued, then the time to run them all: hookwise's worker delivering
 *   to a no-op handler destination against a bare BullMQ worker running no-op jobs, both at
 *   `--concurrency`.
 *
 *   node --conditions=@hookwise/source --import tsx bench/redis-bench.ts [options]
 *
 * Options: --duration=<s> (8), --warmup=<s> (2), --connections=<n> (50), --rounds=<n> (3),
 * --events=<n> (5000), --concurrency=<n> (10), --from=build|source, --no-write,
 * --part=ingest|workers (one half only; nothing is written), --cpu-prof (a .cpuprofile per child in
 * bench/results/profiles/redis-<variant>; summarise with bench/http-profile.mjs), --commandstats
 * (Redis's `INFO commandstats` per event or request after each run; resets Redis's statistics).
 * Every run gets a fresh key prefix, deleted afterwards. Rounds are interleaved, each in another
 * order; every figure is the median over the rounds.
 */
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { askChild, stopChild } from "./bench-child.ts";
import { buildHookwiseBundle } from "./http-build.ts";
import {
  BENCH_BODY_BYTES,
  BENCH_SIGNATURE_HEADER,
  BENCH_SOURCE,
  benchBody,
  benchSignature,
} from "./http-fixture.ts";
import type { UsageMessage } from "./http-protocol.ts";
import {
  REDIS_INGEST_VARIANTS,
  REDIS_WORKER_VARIANTS,
  type RedisIngestVariant,
  type RedisWorkerVariant,
  type WorkerResultMessage,
} from "./redis-protocol.ts";
import {
  formatRedisReport,
  median,
  writeRedisSection,
  type IngestRun,
  type WorkerRun,
} from "./redis-report.ts";

const root = new URL("..", import.meta.url).pathname;
const args = new Map(
  process.argv.slice(2).map((arg) => {
    const [key = "", value = "true"] = arg.replace(/^--/, "").split("=");
    return [key, value] as const;
  }),
);
const durationSeconds = Number(args.get("duration") ?? 8);
const warmupSeconds = Number(args.get("warmup") ?? 2);
const connections = Number(args.get("connections") ?? 50);
const rounds = Number(args.get("rounds") ?? 3);
const events = Number(args.get("events") ?? 5_000);
const concurrency = Number(args.get("concurrency") ?? 10);
const from = args.get("from") ?? "build";
const redisUrl = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";
const part = args.get("part");
const cpuProf = args.has("cpu-prof");
const commandStats = args.has("commandstats");
if (from !== "build" && from !== "source") throw new Error("--from must be `build` or `source`.");
if (part !== undefined && part !== "ingest" && part !== "workers")
  throw new Error("--part must be `ingest` or `workers`.");

const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1, retryStrategy: () => null });
redis.on("error", () => undefined);
try {
  await redis.ping();
} catch {
  console.warn(`Redis bench skipped: no Redis answers at ${redisUrl} (set REDIS_URL).`);
  redis.disconnect();
  process.exit(0);
}
const bundle = from === "build" ? await buildHookwiseBundle("redis-hookwise") : undefined;
let nextId = 1;
let runNumber = 0;
let profileNumber = 0;

function startChild(
  variant: string,
  prefix: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(`${root}bench/redis-server.ts`, [variant], {
    cwd: root,
    execArgv: [
      "--conditions=@hookwise/source",
      "--import",
      "tsx",
      ...(cpuProf && !variant.endsWith("-worker")
        ? ["--cpu-prof", `--cpu-prof-dir=${root}bench/results/profiles/redis-${variant}`]
        : []),
    ],
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      BENCH_PREFIX: prefix,
      BENCH_CONCURRENCY: String(concurrency),
      ...(bundle === undefined ? {} : { HOOKWISE_BENCH_MODULE: bundle }),
      // A worker's profile covers its run only, not the fill before it.
      ...(cpuProf && variant.endsWith("-worker")
        ? {
            BENCH_RUN_PROFILE: `${root}bench/results/profiles/redis-${variant}-${++profileNumber}.cpuprofile`,
          }
        : {}),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) =>
      reject(new Error(`${variant} exited with ${String(code)} before it was ready.`)),
    );
    child.once("message", (message: { type: string; port: number }) => {
      if (message.type === "ready") {
        child.removeAllListeners("exit");
        resolve({ child, port: message.port });
      }
    });
  });
}

/** Redis's own CPU time so far (`used_cpu_sys` + `used_cpu_user`), in microseconds. */
async function redisCpuMicros(): Promise<number> {
  const info = await redis.info("cpu");
  const read = (name: string): number =>
    Number(new RegExp(`^${name}:([\\d.]+)`, "m").exec(info)?.[1] ?? 0);
  return (read("used_cpu_sys") + read("used_cpu_user")) * 1_000_000;
}

async function deletePrefix(prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `{${prefix}}*`, "COUNT", 1_000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== "0");
}

/** Redis's per-command calls and time since the last `CONFIG RESETSTAT`, per unit of work. */
async function printCommandStats(units: number): Promise<void> {
  const info = await redis.info("commandstats");
  const rows = [...info.matchAll(/^cmdstat_(\S+):calls=(\d+),usec=(\d+)/gm)]
    .map(([, name = "", calls = "0", usec = "0"]) => ({
      name,
      calls: Number(calls) / units,
      micros: Number(usec) / units,
    }))
    .filter((row) => row.calls >= 0.01 && !/^(info|config)/.test(row.name))
    .sort((a, b) => b.micros - a.micros);
  const line = rows.map(
    (row) => `${row.name} ${row.calls.toFixed(2)}× ${row.micros.toFixed(1)} µs`,
  );
  console.log(`\n      per unit: ${line.join(", ")}`);
}

function load(port: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/webhooks/${BENCH_SOURCE}`,
    connections,
    duration: seconds,
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

async function measureIngest(variant: RedisIngestVariant): Promise<IngestRun> {
  const prefix = `bench:${process.pid}:${++runNumber}`;
  const { child, port } = await startChild(variant, prefix);
  try {
    if (warmupSeconds > 0) await load(port, warmupSeconds);
    child.send({ type: "start" });
    if (commandStats) await redis.config("RESETSTAT");
    const redisBefore = await redisCpuMicros();
    const result = await load(port, durationSeconds);
    const redisAfter = await redisCpuMicros();
    const usage = await askChild<UsageMessage>(child, { type: "stop" });
    if (commandStats) await printCommandStats(Math.max(1, usage.requests));
    const requests = Math.max(1, usage.requests);
    return {
      variant,
      requestsPerSecond: result.requests.total / (result.duration || durationSeconds),
      latencyP99Ms: result.latency.p99,
      serverCpuMicrosPerRequest: (usage.userMicros + usage.systemMicros) / requests,
      redisCpuMicrosPerRequest: (redisAfter - redisBefore) / requests,
      non2xx: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    await stopChild(child);
    await deletePrefix(prefix);
  }
}

async function measureWorker(variant: RedisWorkerVariant): Promise<WorkerRun> {
  const prefix = `bench:${process.pid}:${++runNumber}`;
  const { child } = await startChild(variant, prefix);
  try {
    await askChild(child, { type: "fill", count: events });
    if (commandStats) await redis.config("RESETSTAT");
    const redisBefore = await redisCpuMicros();
    const result = await askChild<WorkerResultMessage>(child, { type: "run", count: events });
    const redisAfter = await redisCpuMicros();
    if (commandStats) await printCommandStats(events);
    return {
      variant,
      eventsPerSecond: events / result.seconds,
      workerCpuMicrosPerEvent: result.cpuMicros / events,
      redisCpuMicrosPerEvent: (redisAfter - redisBefore) / events,
    };
  } finally {
    await stopChild(child);
    await deletePrefix(prefix);
  }
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? "unknown CPU"}, Node ${process.version}`;
const redisVersion = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "?";
const [load1 = 0] = loadavg();
console.log(
  `Redis bench: Redis ${redisVersion} at ${redisUrl}; ingest ${connections} connections, ${BENCH_BODY_BYTES} B signed bodies, ` +
    `${warmupSeconds} s warm-up + ${durationSeconds} s per server; workers ${events} events at concurrency ${concurrency} (${machine})`,
);
if (load1 > 0.5)
  console.warn(
    `  (load average ${load1.toFixed(2)}: other work on this machine skews every number)`,
  );

const ingestRounds: IngestRun[][] = [];
const workerRounds: WorkerRun[][] = [];
for (let round = 0; round < rounds; round++) {
  console.log(`  round ${round + 1} of ${rounds}`);
  const ingest: IngestRun[] = [];
  for (let i = 0; part !== "workers" && i < REDIS_INGEST_VARIANTS.length; i++) {
    const variant = REDIS_INGEST_VARIANTS[(i + round) % REDIS_INGEST_VARIANTS.length]!;
    process.stdout.write(`    ${variant.padEnd(18)} `);
    const run = await measureIngest(variant);
    ingest.push(run);
    console.log(
      `${Math.round(run.requestsPerSecond)} req/s, p99 ${run.latencyP99Ms} ms, server ${run.serverCpuMicrosPerRequest.toFixed(1)} µs/req, Redis ${run.redisCpuMicrosPerRequest.toFixed(1)} µs/req`,
    );
  }
  ingestRounds.push(ingest);
  const workers: WorkerRun[] = [];
  for (let i = 0; part !== "ingest" && i < REDIS_WORKER_VARIANTS.length; i++) {
    const variant = REDIS_WORKER_VARIANTS[(i + round) % REDIS_WORKER_VARIANTS.length]!;
    process.stdout.write(`    ${variant.padEnd(18)} `);
    const run = await measureWorker(variant);
    workers.push(run);
    console.log(
      `${Math.round(run.eventsPerSecond)} events/s, worker ${run.workerCpuMicrosPerEvent.toFixed(1)} µs/event, Redis ${run.redisCpuMicrosPerEvent.toFixed(1)} µs/event`,
    );
  }
  workerRounds.push(workers);
}
await redis.quit();
if (part !== undefined) process.exit(0);

const settings = {
  date: new Date().toISOString(),
  machine,
  redisVersion,
  loadAverage: load1,
  connections,
  durationSeconds,
  warmupSeconds,
  bodyBytes: BENCH_BODY_BYTES,
  rounds,
  events,
  concurrency,
  from,
};
const report = formatRedisReport(
  median(ingestRounds, REDIS_INGEST_VARIANTS),
  median(workerRounds, REDIS_WORKER_VARIANTS),
  settings,
  workerRounds,
);
console.log(`\n${report}`);
mkdirSync(`${root}bench/results`, { recursive: true });
writeFileSync(
  `${root}bench/results/redis-${settings.date.replace(/[:.]/g, "-")}.json`,
  JSON.stringify({ settings, ingestRounds, workerRounds }, null, 2),
);
if (!args.has("no-write")) {
  await writeRedisSection(`${root}docs/benchmarks.md`, report);
  console.log("Updated the Redis ingest and workers results in docs/benchmarks.md.");
}
