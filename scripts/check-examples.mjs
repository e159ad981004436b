// Type-checks every TSDoc `@example` in packages/*/src: each block becomes its own file, with the
// public exports of every package imported and a prelude declaring the free names examples use
// (`secret`, `ingestor`, `app`, …), and the lot goes through tsc. A failing example fails CI.
//
//   node scripts/check-examples.mjs          # check
//   node scripts/check-examples.mjs --keep   # keep the generated files in .check-examples/
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import ts from "typescript";

const root = new URL("..", import.meta.url).pathname;
const out = join(root, ".check-examples");
const keep = process.argv.includes("--keep");

/** Entry points whose exports every example may use, by import specifier. */
const entries = {
  "@hookwise/core": "packages/core/src/index.ts",
  "@hookwise/core/providers": "packages/core/src/providers/index.ts",
  "@hookwise/core/testing": "packages/core/src/testing/index.ts",
  "@hookwise/adapter-memory": "packages/adapter-memory/src/index.ts",
  "@hookwise/adapter-redis": "packages/adapter-redis/src/index.ts",
  "@hookwise/express-middleware": "packages/express-middleware/src/index.ts",
  "@hookwise/fastify-plugin": "packages/fastify-plugin/src/index.ts",
  "@hookwise/outbound": "packages/outbound/src/index.ts",
};

/** Free names examples lean on, declared once so each example can stay short. */
const PRELUDE = `
import Fastify from "fastify";
import express from "express";
import { z } from "zod";
declare const secret: string;
declare const secrets: { get(name: string): Promise<string>; set(name: string, value: string): Promise<void> };
declare const body: Uint8Array;
declare const rawBody: Uint8Array;
declare const headers: Headers;
declare const request: Request;
declare const url: string;
declare const id: string;
declare const key: Uint8Array;
declare const keys: { publicKey: string; privateKey: string }[];
declare const token: string;
declare const plainToken: string;
declare const timestamp: string;
declare const signingKey: string;
declare const signatureSecret: string;
declare const publicKey: string;
declare const privateKey: string;
declare const expectedDigest: Uint8Array;
declare const decodedSignature: Uint8Array;
declare const parts: (string | Uint8Array)[];
declare function utf8(text: string): Uint8Array;
declare const data: Record<string, string>;
declare const order: { id: string; total: number };
declare const pending: Set<string>;
declare const lifecycle: import("@hookwise/core").Lifecycle;
declare const connection: { host: string; port: number };
declare const app: import("express").Express;
declare const eventId: string;
declare const now: number;
declare const fingerprint: string;
declare const adapter: import("@hookwise/adapter-redis").RedisAdapter;
declare const ingestor: Ingestor;
declare const source: Source;
declare const newstore: Source<{ "order.completed": typeof orderCompletedSchema }>;
declare const newstoreSource: Source;
declare const shop: Source<{ "order.completed": typeof orderCompletedSchema }>;
declare const orderToHail: Transformer;
declare const toPartner: Transformer;
declare const toCrm: Transformer;
declare const record: EventRecord;
declare const orderCompletedSchema: z.ZodObject<{ id: z.ZodString; total: z.ZodNumber }>;
declare const orderSchema: z.ZodObject<{ id: z.ZodString; total: z.ZodNumber }>;
declare const crmClient: { upsert(output: unknown, options: { idempotencyKey: string; signal: AbortSignal }): Promise<void> };
declare const erp: { createOrder(order: unknown): Promise<void> };
declare const redis: import("ioredis").Redis;
declare const Redis: typeof import("ioredis").Redis;
declare const BullQueue: typeof import("bullmq").Queue;
// bull-board, as its README shows it.
declare function createBullBoard(options: { queues: unknown[]; serverAdapter: unknown }): void;
declare const BullMQAdapter: new (queue: unknown) => unknown;
declare const serverAdapter: unknown;
declare const expect: typeof import("vitest").expect;
declare const describe: typeof import("vitest").describe;
declare const it: typeof import("vitest").it;
declare const test: typeof import("vitest").test;
void Fastify; void express;
`;

const allSources = [...sourceFiles(join(root, "packages"))];
const program = ts.createProgram(allSources, { ...readCompilerOptions(), noEmit: true });
const checker = program.getTypeChecker();
const imports = buildImports();

const examples = [];
for (const file of allSources) {
  const text = readFileSync(file, "utf8");
  for (const [index, code] of extractExamples(text).entries()) {
    examples.push({ file: relative(root, file), index, code });
  }
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = [];
for (const example of examples) {
  const name = `${example.file.replaceAll("/", "__").replace(/\.ts$/, "")}--${example.index + 1}.ts`;
  writeFileSync(join(out, name), wrap(example));
  files.push(name);
}
writeFileSync(
  join(out, "tsconfig.json"),
  JSON.stringify(
    {
      extends: "../tsconfig.base.json",
      compilerOptions: {
        noEmit: true,
        isolatedDeclarations: false,
        declaration: false,
        noUnusedLocals: false,
        noUnusedParameters: false,
        allowUnreachableCode: true,
      },
      include: ["*.ts"],
    },
    null,
    2,
  ),
);

console.log(`Type-checking ${examples.length} @example blocks from packages/*/src`);
let ok = true;
try {
  execFileSync("npx", ["tsc", "-p", join(out, "tsconfig.json")], { cwd: root, stdio: "pipe" });
} catch (error) {
  ok = false;
  const output = `${error.stdout ?? ""}${error.stderr ?? ""}`;
  console.error(explain(output));
}
if (!keep) rmSync(out, { recursive: true, force: true });
console.log(ok ? "Every @example compiles." : "Some @example blocks do not compile (see above).");
process.exit(ok ? 0 : 1);

/** `@example` blocks of every TSDoc comment, with the ` * ` margin and any code fence removed. */
function extractExamples(text) {
  const blocks = [];
  for (const comment of text.match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
    const lines = comment
      .replace(/^\/\*\*/, "")
      .replace(/\*\/$/, "")
      .split("\n")
      .map((line) => line.replace(/^\s*\* ?/, ""));
    let current;
    for (const line of lines) {
      if (/^@example\b/.test(line)) {
        current = [line.replace(/^@example\s*/, "")];
        blocks.push(current);
      } else if (/^@\w+/.test(line)) {
        current = undefined;
      } else if (current !== undefined) {
        current.push(line);
      }
    }
  }
  return blocks
    .map((lines) =>
      lines
        .filter((line) => !/^```/.test(line.trim()))
        .join("\n")
        .trim(),
    )
    .filter((code) => code !== "");
}

/** The example's own imports at the top, the rest in an async function (so it may shadow names). */
function wrap(example) {
  const own = [];
  const rest = [];
  for (const line of example.code.split("\n")) (/^import\s/.test(line) ? own : rest).push(line);
  const taken = new Set(own.flatMap((line) => [...line.matchAll(/\b(\w+)\b/g)].map((m) => m[1])));
  // The example's own module first: examples of internal helpers use names no entry exports.
  const local = exportsOf(join(root, example.file), taken);
  const specifier = relative(out, join(root, example.file));
  if (local.values.length > 0)
    own.push(`import { ${local.values.join(", ")} } from "${specifier}";`);
  if (local.types.length > 0)
    own.push(`import type { ${local.types.join(", ")} } from "${specifier}";`);
  for (const name of [...local.values, ...local.types]) taken.add(name);
  const shared = imports
    .map(({ specifier, values, types }) => {
      const v = values.filter((name) => !taken.has(name));
      const t = types.filter((name) => !taken.has(name));
      return [
        v.length > 0 ? `import { ${v.join(", ")} } from "${specifier}";` : "",
        t.length > 0 ? `import type { ${t.join(", ")} } from "${specifier}";` : "",
      ].join("\n");
    })
    .join("\n");
  return `// ${example.file}, @example ${example.index + 1}\n${own.join("\n")}\n${shared}\n${PRELUDE}\nexport async function example(): Promise<void> {\n${rest.join("\n")}\n}\n`;
}

/** Every entry's export names, split into values and types, each name imported once. */
function buildImports() {
  const seen = new Set();
  return Object.entries(entries).map(([specifier, file]) => ({
    specifier,
    ...exportsOf(join(root, file), seen),
  }));
}

/** A module's export names not in `seen` (which they join), split into values and types. */
function exportsOf(path, seen) {
  const sourceFile = program.getSourceFile(path);
  const moduleSymbol = sourceFile && checker.getSymbolAtLocation(sourceFile);
  const values = [];
  const types = [];
  if (moduleSymbol === undefined) return { values, types };
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const name = symbol.getName();
    if (name === "default" || seen.has(name)) continue;
    seen.add(name);
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    (target.flags & ts.SymbolFlags.Value ? values : types).push(name);
  }
  return { values, types };
}

function readCompilerOptions() {
  const configPath = join(root, "tsconfig.base.json");
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  return ts.parseJsonConfigFileContent(config, ts.sys, dirname(configPath)).options;
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === "node_modules" || name === "dist" || name === "test") continue;
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts") && path.includes("/src/")) yield path;
  }
}

/** tsc's errors, each with the example's source file named. */
function explain(output) {
  return output
    .split("\n")
    .map((line) => {
      const match =
        /^\.check-examples\/([^(]+)\.ts\(/.exec(line) ?? /^([^(]+--\d+)\.ts\(/.exec(line);
      if (match === null) return line;
      const [file, n] = match[1].replace(/^.*\//, "").split("--");
      return `${file.replaceAll("__", "/")}.ts @example ${n}: ${line.replace(/^[^:]+: /, "")}`;
    })
    .join("\n");
}
