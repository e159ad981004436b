import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";

const EXAMPLE = fileURLToPath(new URL("../../", import.meta.url));

/** An instance of the service as `npm start` runs it, in a child process. */
export interface ChildService {
  readonly child: ChildProcess;
  readonly baseUrl: string;
  output(): string;
  /** SIGTERM, then SIGKILL after 10 s; resolves the exit code once it exited. */
  stop(): Promise<number | null>;
}

/** The service's own variables: only the test decides them (CI exports `REDIS_URL` for every suite). */
const SERVICE_VARIABLES = [
  "PORT",
  "HOST",
  "REDIS_URL",
  "REDIS_PREFIX",
  "HEURISTIC_DELAY_MS",
  "ALLOW_PRIVATE_ENDPOINTS",
  "DELIVERY_RETRY_DELAYS_MS",
];

/** This process's environment without the service's variables. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !SERVICE_VARIABLES.includes(name)),
  );
}

/** Runs `src/server.ts` with tsx and the `@hookwise/source` condition, as `npm start` does. */
function spawnServer(env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(
    process.execPath,
    ["--conditions=@hookwise/source", "--import", "tsx", "src/server.ts"],
    {
      cwd: EXAMPLE,
      env: { ...inheritedEnv(), PORT: "0", HOST: "127.0.0.1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

/** Starts the service and resolves once it listens. */
export async function startChildService(env: Record<string, string>): Promise<ChildService> {
  const { child, output } = spawnServer(env);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`did not start:\n${output()}`)), 20_000);
    const check = (): void => {
      const match = /listening on (http:\/\/\S+)/.exec(output());
      if (match === null) return;
      clearTimeout(timer);
      resolve(match[1]!);
    };
    child.stdout?.on("data", check);
    void exited.then((code) => reject(new Error(`exited with ${code}:\n${output()}`)));
  });
  return {
    child,
    baseUrl,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Runs the service with a configuration it must refuse; resolves its exit code and output. */
export async function runRefusedConfig(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServer(env);
  const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  clearTimeout(timer);
  return { code, output: output() };
}
