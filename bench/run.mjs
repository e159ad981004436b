// `npm run bench`: the HTTP ingest bench, the signature verification bench, the memory bench, then
// the Redis ingest and workers bench (skipped, with a note, when no Redis answers at REDIS_URL), then
// the outbound delivery bench.
// Each writes (and formats) its own section of docs/benchmarks.md.
// Arguments after `--` go to the HTTP bench.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsx = ["--conditions=@hookwise/source", "--import", "tsx"];
let failed = false;

function run(args) {
  console.log(`\n> node ${args.join(" ")}`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`failed (exit ${result.status ?? result.signal}): ${args.join(" ")}`);
    failed = true;
  }
}

run([...tsx, "bench/http-bench.ts", ...process.argv.slice(2)]);
run([...tsx, "bench/verify.bench.ts"]);
run(["--expose-gc", ...tsx, "bench/memory.bench.ts"]);
run([...tsx, "bench/redis-bench.ts"]);
run([...tsx, "bench/outbound.bench.ts"]);

process.exit(failed ? 1 : 0);
