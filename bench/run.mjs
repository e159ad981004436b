// `npm run bench`: the HTTP ingest bench (bench/http-bench.ts), then the signature verification
// bench (bench/verify*) when present. Arguments after `--` go to the HTTP bench.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const nodeArgs = ["--conditions=@hookwise/source", "--import", "tsx"];
let failed = false;

function run(file, args = []) {
  console.log(`\n> node ${file} ${args.join(" ")}`.trimEnd());
  const result = spawnSync(process.execPath, [...nodeArgs, file, ...args], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    console.error(`${file} failed (exit ${result.status ?? result.signal}).`);
    failed = true;
  }
}

run("bench/http-bench.ts", process.argv.slice(2));

// The verification bench's entry: `verify*.bench.*` if there is one, else every `verify*` script.
const scripts = readdirSync(`${root}bench`).filter(
  (name) => /^verify.*\.(mjs|js|ts)$/.test(name) && !name.endsWith(".d.ts"),
);
const entries = scripts.some((name) => name.includes(".bench."))
  ? scripts.filter((name) => name.includes(".bench."))
  : scripts;
if (entries.length === 0)
  console.log("\n(no bench/verify* script yet: skipping the verification bench)");
for (const name of entries.sort()) if (existsSync(`${root}bench/${name}`)) run(`bench/${name}`);

process.exit(failed ? 1 : 0);
