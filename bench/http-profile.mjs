// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof`): where the server's CPU time
// went, by function (self time) and by file. Usage: node bench/http-profile.mjs <file.cpuprofile> [top]
import { readFileSync } from "node:fs";

const [file, topText = "25"] = process.argv.slice(2);
if (file === undefined) {
  console.error("Usage: node bench/http-profile.mjs <file.cpuprofile> [top]");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const top = Number(topText);
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const selfSamples = new Map();
for (const id of profile.samples) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
const total = profile.samples.length;

const byFunction = new Map();
const byFile = new Map();
for (const [id, count] of selfSamples) {
  const { callFrame } = byId.get(id);
  const where = shorten(callFrame.url);
  const name = `${callFrame.functionName || "(anonymous)"}  ${where}${where ? `:${callFrame.lineNumber + 1}` : ""}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  const bucket = where === "" ? callFrame.functionName : where;
  byFile.set(bucket, (byFile.get(bucket) ?? 0) + count);
}

print("Self time by function", byFunction);
print("Self time by file", byFile);

function print(title, map) {
  console.log(`\n${title} (${total} samples)`);
  for (const [name, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${name}`);
  }
}

function shorten(url) {
  return url
    .replace(/^file:\/\//, "")
    .replace(/^.*\/node_modules\//, "npm:")
    .replace(/^.*\/work\/main\//, "");
}
