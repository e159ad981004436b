// Checks every published package the way a consumer would meet it: publint (manifest and files),
// arethetypeswrong (types resolve for ESM, CJS and bundlers), and that each `exports` entry
// points at a file the build produced.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const packagesDir = join(root, "packages");
let failed = false;

for (const folder of readdirSync(packagesDir)) {
  const dir = join(packagesDir, folder);
  const manifestPath = join(dir, "package.json");
  if (!existsSync(manifestPath)) continue;
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  if (manifest.private) continue;
  console.log(`\n## ${manifest.name}`);
  for (const target of exportTargets(manifest.exports)) {
    if (!existsSync(join(dir, target))) {
      console.error(`exports points at ${target}, which the build did not produce`);
      failed = true;
    }
  }
  failed = !run("npx", ["publint", "--strict"], dir) || failed;
  // Every resolution mode, node10 included: subpaths reach it through `typesVersions`.
  failed = !run("npx", ["attw", "--pack", ".", "--format", "table-flipped"], dir) || failed;
}
process.exit(failed ? 1 : 0);

function exportTargets(exportsField) {
  const out = [];
  const walk = (value) => {
    if (typeof value === "string") out.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(exportsField);
  return out;
}

function run(command, args, cwd) {
  try {
    execFileSync(command, args, { cwd, stdio: "inherit" });
    return true;
  } catch {
    return false;
  }
}
