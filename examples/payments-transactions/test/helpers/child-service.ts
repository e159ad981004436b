import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const EXAMPLE = fileURLToPath(new URL("../../", import.meta.url));

/** An instance of the service as `npm start` runs it, in a child process. */
export interface ChildService {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  /** `host:pid`, as the instance names itself in the transaction state. */
  readonly pid: number;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves once it exited. */
  stop(): Promise<void>;
  /** SIGKILL: what a crash does. */
  kill(): Promise<void>;
}

/** Starts `src/server.ts` with tsx and the `@hookwise/source` condition, as `npm start` does. */
export async function startChildService(env: Record<string, string>): Promise<ChildService> {
  const child = spawn(
    process.execPath,
    ["--conditions=@hookwise/source", "--import", "tsx", "src/server.ts"],
    {
      cwd: EXAMPLE,
      env: { ...process.env, PORT: "0", HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output}`)), 20_000);
    const check = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[1]!);
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const gone = (): boolean => child.exitCode !== null || child.signalCode !== null;
  return {
    child,
    baseUrl,
    pid: child.pid!,
    output: () => output,
    async stop() {
      if (gone()) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (gone()) return;
      child.kill("SIGKILL");
      await exited;
    },
  };
}
