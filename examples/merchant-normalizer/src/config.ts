/**
 * Configuration from the environment, validated once at start. Every variable is optional; the
 * defaults make `npm start` work on one machine. Problems are listed all at once, so a broken
 * deployment is fixed in one round instead of one variable per restart.
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
  /** How long the normalization heuristic takes per request, in ms. */
  readonly heuristicDelayMs: number;
  /** Let clients register loopback and private-network webhook URLs (local development only). */
  readonly allowPrivateEndpoints: boolean;
  /**
   * Delays between delivery attempts to a client's webhook, in ms; `undefined` keeps the Standard
   * Webhooks schedule (5 s, 5 min, 30 min, … over about three days).
   */
  readonly deliveryRetryDelaysMs: readonly number[] | undefined;
}

/** What {@link loadConfig} returns: the settings and notes on the defaults it used. */
export interface LoadedConfig {
  readonly config: AppConfig;
  /** One line per noteworthy default or development setting. */
  readonly notices: readonly string[];
}

/** Defaults of every variable. */
export const DEFAULTS = {
  PORT: 3000,
  HOST: "127.0.0.1",
  REDIS_PREFIX: "merchant-normalizer",
  HEURISTIC_DELAY_MS: 30_000,
} as const;

/** Longest `HEURISTIC_DELAY_MS` accepted: ten minutes, far past the heuristic's real 30 s. */
export const MAX_HEURISTIC_DELAY_MS = 600_000;

/** Thrown by {@link loadConfig}; the message lists every problem, one per line. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `PORT`, `HOST`, `REDIS_URL`, `REDIS_PREFIX`, `HEURISTIC_DELAY_MS`,
 * `ALLOW_PRIVATE_ENDPOINTS` and `DELIVERY_RETRY_DELAYS_MS`.
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
  if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl)) {
    problems.push("REDIS_URL must start with redis:// or rediss:// (e.g. redis://127.0.0.1:6379).");
  }
  if (redisUrl === undefined) {
    notices.push(
      "REDIS_URL is not set: running on the memory adapter (one process; accepted requests and registered endpoints are lost on restart).",
    );
  }
  const redisPrefix = text("REDIS_PREFIX") ?? DEFAULTS.REDIS_PREFIX;
  if (!/^[\w.:-]{1,100}$/.test(redisPrefix)) {
    problems.push(
      "REDIS_PREFIX must be 1 to 100 letters, digits, '_', '-', '.' or ':' (it names every Redis key).",
    );
  }

  const delayText = text("HEURISTIC_DELAY_MS");
  const heuristicDelayMs =
    delayText === undefined ? DEFAULTS.HEURISTIC_DELAY_MS : Number(delayText);
  if (
    !(Number.isInteger(heuristicDelayMs) && heuristicDelayMs >= 0) ||
    heuristicDelayMs > MAX_HEURISTIC_DELAY_MS
  ) {
    problems.push(
      `HEURISTIC_DELAY_MS must be an integer number of milliseconds from 0 to ${MAX_HEURISTIC_DELAY_MS} (got "${delayText ?? ""}").`,
    );
  }

  const allowText = text("ALLOW_PRIVATE_ENDPOINTS")?.toLowerCase();
  let allowPrivateEndpoints = false;
  if (allowText === "true" || allowText === "1") allowPrivateEndpoints = true;
  else if (allowText !== undefined && allowText !== "false" && allowText !== "0") {
    problems.push(`ALLOW_PRIVATE_ENDPOINTS must be "true" or "false" (got "${allowText}").`);
  }
  if (allowPrivateEndpoints) {
    notices.push(
      "ALLOW_PRIVATE_ENDPOINTS=true: clients may register loopback and private-network URLs. For local development only; never in production, where it lets a client aim the service at your internal network.",
    );
  }

  const retryText = text("DELIVERY_RETRY_DELAYS_MS");
  let deliveryRetryDelaysMs: number[] | undefined;
  if (retryText !== undefined) {
    const delays = retryText.split(",").map((part) => Number(part.trim()));
    if (delays.length > 100 || delays.some((delay) => !Number.isInteger(delay) || delay < 0)) {
      problems.push(
        `DELIVERY_RETRY_DELAYS_MS must be a comma-separated list of at most 100 non-negative integers of milliseconds, such as "500,2000,10000" (got "${retryText}").`,
      );
    } else {
      deliveryRetryDelaysMs = delays;
    }
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
      heuristicDelayMs,
      allowPrivateEndpoints,
      deliveryRetryDelaysMs,
    },
    notices,
  };
}
