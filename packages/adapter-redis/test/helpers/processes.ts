import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import { fileURLToPath } from "node:url";
import { createStandardWebhooksSigner } from "@hookwise/core";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/hookwise-process.ts", import.meta.url));

/** The Standard Webhooks secret the fixture processes verify with. */
export const WEBHOOK_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/** A hookwise child process (see fixtures/hookwise-process.ts). */
export interface HookwiseProcess {
  readonly child: ChildProcess;
  /** The HTTP port of an ingest process. */
  readonly port: number;
  readonly stderr: () => string;
  /** Whether the process has exited (for any reason). */
  exited(): boolean;
  stop(): Promise<void>;
}

/** Starts `role` on `redisUrl`/`prefix`, delivering to `receiverUrl`; resolves once it is ready. */
export async function startProcess(
  role: "ingest" | "worker",
  env: { redisUrl: string; prefix: string; receiverUrl: string },
): Promise<HookwiseProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@hookwise/source", "--import", "tsx", FIXTURE, role],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        REDIS_URL: env.redisUrl,
        HOOKWISE_PREFIX: env.prefix,
        RECEIVER_URL: env.receiverUrl,
        WEBHOOK_SECRET,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${role} did not start: ${stderr}`)), 20_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((candidate) => candidate.startsWith('{"ready"'));
      if (line === undefined) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { port?: number }).port ?? 0);
    });
    child.on("exit", (code) => reject(new Error(`${role} exited with ${code}: ${stderr}`)));
  });
  return {
    child,
    port,
    stderr: () => stderr,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The local HTTP receiver: counts deliveries per event id. */
export interface Receiver {
  readonly url: string;
  /** Deliveries seen per event id (more than 1: a redelivery). */
  readonly counts: Map<string, number>;
  total(): number;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString()));
    req.on("end", () => {
      const { id } = JSON.parse(body) as { id: string };
      counts.set(id, (counts.get(id) ?? 0) + 1);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    counts,
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A signed webhook, kept as bytes so a duplicate is sent byte for byte. */
export interface SignedWebhook {
  readonly id: string;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

const signer = createStandardWebhooksSigner({ secret: WEBHOOK_SECRET });

export async function signedWebhook(id: string): Promise<SignedWebhook> {
  const body = new TextEncoder().encode(
    JSON.stringify({ id, type: "order.completed", data: { total: 42, note: "x".repeat(512) } }),
  );
  const signature = await signer.sign({
    body,
    now: Date.now(),
    id,
    url: "http://127.0.0.1/",
    method: "POST",
  });
  return { id, headers: { "content-type": "application/json", ...signature }, body };
}

/** POSTs `webhook` to an ingest process; resolves the status (0 when the request itself failed). */
export async function send(port: number, webhook: SignedWebhook): Promise<number> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/webhooks/acme`, {
      method: "POST",
      headers: webhook.headers,
      body: webhook.body as Uint8Array<ArrayBuffer>,
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
}

/** Runs `tasks` with at most `limit` at once. */
export async function pool<T>(limit: number, tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]!();
      }
    }),
  );
  return results;
}

/** Waits until `check` holds, polling; throws after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
