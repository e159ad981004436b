/** Structured fields of a log line. Never put a secret, signature or payload value in them. */
export type LogFields = Readonly<Record<string, string | number | boolean | undefined>>;

/**
 * Where hookwise writes what it does. Compatible in shape with pino and console-like loggers via a
 * small wrapper. hookwise never passes a secret, a signature or a payload value (design invariant 5).
 * @category Utilities
 */
export interface Logger {
  /** Optional: loggers without it simply miss debug lines (e.g. a sender hanging up mid-body). */
  debug?(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/**
 * Default logger: warnings and errors to the console, one line each, prefixed `[hookwise]`.
 * @category Utilities
 */
export const consoleLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: (message, fields) => console.warn(format(message, fields)),
  error: (message, fields) => console.error(format(message, fields)),
};

/** A logger that drops everything. @category Utilities */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

function format(message: string, fields: LogFields | undefined): string {
  if (fields === undefined) return `[hookwise] ${message}`;
  const pairs = Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`);
  return pairs.length === 0 ? `[hookwise] ${message}` : `[hookwise] ${message} ${pairs.join(" ")}`;
}
