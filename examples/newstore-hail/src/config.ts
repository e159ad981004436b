/**
 * Configuration from the environment, validated once at start. Outside production, missing values
 * fall back to development defaults that only make sense on one machine (a local mock Hail, a
 * throwaway secret) and each fallback is reported; with `NODE_ENV=production` they are required.
 */

/** The integration's settings. */
export interface AppConfig {
  /** Port the webhook server listens on; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind. */
  readonly host: string;
  /** Secret NewStore signs webhooks with; several (comma-separated) while rotating. */
  readonly newstoreWebhookSecrets: readonly string[];
  /** Hail's base URL; transactions go to `${hailApiUrl}/events/v2/transaction/`. */
  readonly hailApiUrl: string;
  /** Hail API key, sent as a bearer token when set. */
  readonly hailApiKey: string | undefined;
}

/** What {@link loadConfig} returns: the settings and the development defaults it fell back to. */
export interface LoadedConfig {
  readonly config: AppConfig;
  /** One line per development default used (never a secret value). */
  readonly notices: readonly string[];
}

/** Development defaults: safe only on one machine, refused in production. */
export const DEV_DEFAULTS = {
  PORT: "3000",
  HOST: "127.0.0.1",
  NEWSTORE_WEBHOOK_SECRET: "dev-only-newstore-secret",
  HAIL_API_URL: "http://127.0.0.1:4010",
} as const;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(["127.0.0.1", "::1", "localhost"]);

/** Shortest webhook secret accepted. */
export const MIN_SECRET_LENGTH = 16;

/** Thrown by {@link loadConfig}; the message lists every problem, one per line. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads `PORT`, `HOST`, `NEWSTORE_WEBHOOK_SECRET`, `HAIL_API_URL` and `HAIL_API_KEY`.
 * @throws ConfigError listing every invalid or missing variable.
 */
export function loadConfig(env: Env = process.env): LoadedConfig {
  const production = env["NODE_ENV"] === "production";
  const problems: string[] = [];
  const notices: string[] = [];
  const read = (name: keyof typeof DEV_DEFAULTS): string => {
    const value = env[name]?.trim();
    if (value !== undefined && value !== "") return value;
    if (production) {
      problems.push(`${name} is required when NODE_ENV=production.`);
      return "";
    }
    notices.push(
      `${name} is not set; using the development default${name === "NEWSTORE_WEBHOOK_SECRET" ? "" : ` ${DEV_DEFAULTS[name]}`}.`,
    );
    return DEV_DEFAULTS[name];
  };

  const portText = read("PORT");
  const port = Number(portText);
  if (portText !== "" && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) {
    problems.push(`PORT must be an integer from 0 to 65535 (got "${portText}").`);
  }
  const host = read("HOST");
  const secrets = read("NEWSTORE_WEBHOOK_SECRET")
    .split(",")
    .map((secret) => secret.trim());
  checkSecrets(secrets, production, problems);
  if (secrets.includes(DEV_DEFAULTS.NEWSTORE_WEBHOOK_SECRET) && !LOOPBACK_HOSTS.has(host)) {
    // The default secret is public (it is in this file): only a loopback listener may use it.
    problems.push(
      `NEWSTORE_WEBHOOK_SECRET must be set when HOST is not a loopback address (HOST is "${host}").`,
    );
  }
  const hailApiUrl = read("HAIL_API_URL");
  checkUrl(hailApiUrl, production, problems);
  const apiKeyText = env["HAIL_API_KEY"]?.trim() ?? "";
  const hailApiKey = apiKeyText === "" ? undefined : apiKeyText;

  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`,
    );
  }
  return {
    config: { port, host, newstoreWebhookSecrets: secrets, hailApiUrl, hailApiKey },
    notices,
  };
}

function checkSecrets(secrets: readonly string[], production: boolean, problems: string[]): void {
  if (secrets.length === 1 && secrets[0] === "") return; // Already reported as missing.
  if (secrets.some((secret) => secret.length < MIN_SECRET_LENGTH)) {
    problems.push(
      `NEWSTORE_WEBHOOK_SECRET must be at least ${MIN_SECRET_LENGTH} characters (each one, when comma-separated).`,
    );
  }
  if (production && secrets.includes(DEV_DEFAULTS.NEWSTORE_WEBHOOK_SECRET)) {
    problems.push("NEWSTORE_WEBHOOK_SECRET must not be the development default in production.");
  }
}

function checkUrl(value: string, production: boolean, problems: string[]): void {
  if (value === "") return; // Already reported as missing.
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push("HAIL_API_URL must be an absolute URL such as https://api.hail.example.");
    return;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    problems.push("HAIL_API_URL must use http or https.");
  } else if (production && url.protocol !== "https:") {
    problems.push("HAIL_API_URL must use https when NODE_ENV=production.");
  }
  if (url.username !== "" || url.password !== "") {
    problems.push("HAIL_API_URL must not contain credentials; set HAIL_API_KEY instead.");
  }
  if (url.search !== "" || url.hash !== "") {
    problems.push("HAIL_API_URL must be a base URL without a query or fragment.");
  }
}
