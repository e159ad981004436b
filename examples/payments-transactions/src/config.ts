/**
 * Configuration from the environment, validated once at start. Every variable is optional; the
 * defaults make `npm start` work on one machine. Problems are listed all at once.
 */

/** The service's settings. */
export interface AppConfig {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind. */
  readonly host: string;
  /** Redis URL; `undefined` runs on the memory adapter (one process, nothing survives a restart). */
  readonly redisUrl: string | undefined;
  /** Namespace of every Redis key; instances with the same prefix form one service. */
  readonly redisPrefix: string;
  /** Secret the sender signs `x-signature: sha256=<hex>` with; `undefined` accepts unsigned requests. */
  readonly webhookSecret: string | undefined;
  /** How long processing one transaction takes, in ms. */
  readonly processingDelayMs: number;
  /** After this long in `PROCESSING`, an attempt is taken over and run again, in ms. */
  readonly processingStaleTimeoutMs: number;
}

/** What {@link loadConfig} returns: the settings and notes on the defaults it used. */
export interface LoadedConfig {
  readonly config: AppConfig;
  /** One line per noteworthy default (never a secret value). */
  readonly notices: readonly string[];
}

/** Defaults of every variable. */
export const DEFAULTS = {
  PORT: 3100,
  HOST: "127.0.0.1",
  REDIS_PREFIX: "payments",
  PROCESSING_DELAY_SECONDS: 30,
  PROCESSING_STALE_TIMEOUT_SECONDS: 120,
} as const;

/** Shortest `WEBHOOK_SECRET` accepted. */
export const MIN_SECRET_LENGTH = 16;

/** Thrown by {@link loadConfig}; the message lists every problem, one per line. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `PORT`, `HOST`, `REDIS_URL`, `REDIS_PREFIX`, `WEBHOOK_SECRET`, `PROCESSING_DELAY_SECONDS`
 * and `PROCESSING_STALE_TIMEOUT_SECONDS`.
 * @throws ConfigError listing every invalid variable.
 */
export function loadConfig(env: Env = process.env): LoadedConfig {
  const problems: string[] = [];
  const notices: string[] = [];
  const text = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };

  const portText = text("PORT");
  const port = portText === undefined ? DEFAULTS.PORT : Number(portText);
  if (!(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${portText ?? ""}").`);
  }
  const host = text("HOST") ?? DEFAULTS.HOST;
  const redisUrl = text("REDIS_URL");
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    problems.push("REDIS_URL must start with redis:// or rediss://.");
  }
  if (redisUrl === undefined) {
    notices.push(
      "REDIS_URL is not set: running on the memory adapter (one process; accepted transactions are lost on restart).",
    );
  }
  const redisPrefix = text("REDIS_PREFIX") ?? DEFAULTS.REDIS_PREFIX;
  const processingDelayMs = seconds(env, "PROCESSING_DELAY_SECONDS", problems, { zero: true });
  const processingStaleTimeoutMs = seconds(env, "PROCESSING_STALE_TIMEOUT_SECONDS", problems, {
    zero: false,
  });
  if (processingStaleTimeoutMs <= processingDelayMs) {
    problems.push(
      "PROCESSING_STALE_TIMEOUT_SECONDS must be longer than PROCESSING_DELAY_SECONDS, or every attempt would be taken over.",
    );
  }
  const webhookSecret = text("WEBHOOK_SECRET");
  if (webhookSecret === undefined) {
    if (env["NODE_ENV"] === "production") {
      problems.push("WEBHOOK_SECRET is required when NODE_ENV=production.");
    }
    notices.push(
      "WEBHOOK_SECRET is not set: unsigned webhooks are accepted. Put the endpoint behind your own authentication, or set WEBHOOK_SECRET to require `x-signature: sha256=<hex>`.",
    );
  } else if (webhookSecret.length < MIN_SECRET_LENGTH) {
    problems.push(`WEBHOOK_SECRET must be at least ${MIN_SECRET_LENGTH} characters.`);
  }

  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
  return {
    config: {
      port,
      host,
      redisUrl,
      redisPrefix,
      webhookSecret,
      processingDelayMs,
      processingStaleTimeoutMs,
    },
    notices,
  };
}

function seconds(
  env: Env,
  name: "PROCESSING_DELAY_SECONDS" | "PROCESSING_STALE_TIMEOUT_SECONDS",
  problems: string[],
  { zero }: { zero: boolean },
): number {
  const value = env[name]?.trim();
  if (value === undefined || value === "") return DEFAULTS[name] * 1_000;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || (!zero && parsed === 0)) {
    problems.push(
      `${name} must be a ${zero ? "non-negative" : "positive"} number of seconds (got "${value}").`,
    );
    return DEFAULTS[name] * 1_000;
  }
  return Math.round(parsed * 1_000);
}
