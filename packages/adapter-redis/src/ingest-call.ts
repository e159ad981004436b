import { BackendUnavailableError, isHookwiseError } from "@hookwise/core";
import pRetry from "p-retry";
import { asBackendError, type RedisConnections } from "./redis-connections.ts";

/** How the ack path calls Redis. @internal */
export interface IngestCallOptions {
  /** Longest the whole call may take, retries included, in ms. */
  readonly timeoutMs: number;
  /** Further tries after a failed one. */
  readonly retries: number;
}

/**
 * Runs `attempt` on the ack path: each try waits (within the deadline) for the connection, a failed
 * try is retried after a short backoff (p-retry), and past `timeoutMs` the call rejects with
 * `BackendUnavailableError`, whatever is still in flight, so the ingestor answers 503 with
 * `Retry-After` in bounded time and never hangs. Hookwise errors (a bad option, say) are not retried.
 * The first try runs without p-retry's set-up (an abort controller, a retry operation): that is every
 * call while Redis is healthy, and it is on every webhook's path.
 * @internal
 */
export async function ingestCall<T>(
  connections: RedisConnections,
  options: IngestCallOptions,
  attempt: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let abort: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abort?.abort();
      reject(new BackendUnavailableError(`Redis did not answer within ${options.timeoutMs} ms.`));
    }, options.timeoutMs);
  });
  const tryOnce = async (): Promise<T> => {
    await connections.ready(Math.max(1, deadline - Date.now()));
    try {
      return await attempt();
    } catch (error) {
      connections.recycle(error);
      throw error;
    }
  };
  const retryable = (error: unknown): boolean => !isHookwiseError(error) && Date.now() < deadline;
  const run = tryOnce().catch((first: unknown) => {
    if (options.retries < 1 || !retryable(first)) throw first;
    abort = new AbortController();
    // p-retry's first try answers with the failure already seen, so its backoff comes next.
    return pRetry((tries) => (tries === 1 ? Promise.reject(first as Error) : tryOnce()), {
      retries: options.retries,
      minTimeout: 10,
      maxTimeout: 100,
      factor: 3,
      randomize: true,
      signal: abort.signal,
      shouldRetry: ({ error }) => retryable(error),
    });
  });
  try {
    return await Promise.race([run, expired]);
  } catch (error) {
    throw asBackendError(error);
  } finally {
    clearTimeout(timer);
    run.catch(() => undefined);
  }
}

/**
 * Runs one store or queue call off the ack path: waits for the connection (bounded), tries once, and
 * turns client errors into `BackendUnavailableError`.
 * @internal
 */
export async function backendCall<T>(
  connections: RedisConnections,
  readyTimeoutMs: number,
  call: () => Promise<T>,
): Promise<T> {
  try {
    await connections.ready(readyTimeoutMs);
    return await call();
  } catch (error) {
    connections.recycle(error);
    throw asBackendError(error);
  }
}
