import {
  BackendUnavailableError,
  ConfigurationError,
  isHookwiseError,
  type BackendHealth,
  type Logger,
} from "@hookwise/core";
import { Redis, type Cluster, type ClusterOptions, type RedisOptions } from "ioredis";

/** Where the adapter's connections come from. @internal */
export interface ConnectionSource {
  readonly connection?: Redis | Cluster | undefined;
  readonly url?: string | undefined;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

/**
 * The connections the adapter opens (and so closes): never the user's own client, which only serves
 * as a template.
 * - `commands`: the stores' scripts and the BullMQ producer. Fail-fast: no offline queue, no retry
 *   of a command cut off by a dropped connection, and a command timeout, so a down Redis answers at
 *   once instead of queueing the ack path's calls.
 * - `workerTemplate()`: a lazy (never connected) client BullMQ workers copy for their own connections,
 *   with the settings BullMQ requires there: `maxRetriesPerRequest: null` and the offline queue on, so
 *   workers wait out an outage and resume by themselves.
 * @internal
 */
export interface RedisConnections {
  readonly commands: Redis | Cluster;
  workerTemplate(): Redis | Cluster;
  /** Resolves once `commands` is connected; rejects with `BackendUnavailableError` after `timeoutMs`. */
  ready(timeoutMs: number): Promise<void>;
  /** Close what the adapter opened, politely (`QUIT`). */
  close(): Promise<void>;
  /** Drop what the adapter opened at once. */
  disconnect(): void;
  /** Drop the workers' connection (the template BullMQ's worker uses) at once. */
  disconnectWorkers(): void;
  /** Called once each time Redis becomes unreachable or reachable again. */
  onHealthChange(listener: (health: BackendHealth) => void): () => void;
  /**
   * After a command timed out: reconnect `commands`, since a connection that swallows commands (a
   * half-open TCP connection, a network partition) is never noticed by the client otherwise.
   */
  recycle(error: unknown): void;
}

/** @internal */
export function openConnections(source: ConnectionSource): RedisConnections {
  const { connection, url } = source;
  if (connection === undefined && (typeof url !== "string" || url === "")) {
    throw new ConfigurationError(
      "`connection` (an ioredis client) or `url` (e.g. `redis://127.0.0.1:6379`) is required.",
    );
  }
  if (connection !== undefined && isKeyPrefixed(connection)) {
    throw new ConfigurationError(
      "`connection` has an ioredis `keyPrefix`, which BullMQ cannot work with; use the adapter's `prefix` option instead.",
    );
  }
  const open = (overrides: RedisOptions): Redis | Cluster => {
    if (connection === undefined) return new Redis(url ?? "", overrides);
    if (isCluster(connection))
      return connection.duplicate(undefined, clusterOverrides(connection, overrides));
    return connection.duplicate(overrides);
  };
  const commands = open({
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: source.commandTimeoutMs,
    lazyConnect: false,
  });
  const health = watchHealth(commands, source.logger);
  const ready = readiness(commands);
  let template: Redis | Cluster | undefined;
  return {
    commands,
    workerTemplate: () =>
      (template ??= open({
        enableOfflineQueue: true,
        maxRetriesPerRequest: null,
        // Replaces the user's or the fail-fast client's setting: a blocking BZPOPMIN must not time out.
        commandTimeout: undefined,
        lazyConnect: true,
      })),
    ready,
    async close() {
      template?.disconnect();
      if (commands.status === "end") return;
      await commands.quit().catch(() => commands.disconnect());
    },
    disconnect() {
      template?.disconnect();
      commands.disconnect();
    },
    disconnectWorkers() {
      template?.disconnect();
    },
    onHealthChange: health,
    recycle(error) {
      if (!isTimeout(error) || commands.status !== "ready") return;
      source.logger.warn("A Redis command timed out; reconnecting", { adapter: "redis" });
      commands.disconnect(true);
    },
  };
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && /timed out/i.test(error.message);
}

/** A hookwise error as is; anything else (ioredis, BullMQ, a timeout) as `BackendUnavailableError`. @internal */
export function asBackendError(error: unknown): Error {
  if (isHookwiseError(error)) return error;
  return new BackendUnavailableError(
    "Redis is unavailable; the operation was not carried out. Retry later.",
    { cause: withoutCommand(error) },
  );
}

/**
 * The error without the command ioredis attaches to a reply error (`command.args`): a script's
 * arguments can hold an endpoint's signing secrets or a webhook's body, and a cause gets logged.
 */
function withoutCommand(error: unknown): unknown {
  if (!(error instanceof Error) || !("command" in error)) return error;
  const copy = new Error(error.message);
  copy.name = error.name;
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}

/** `ready(timeoutMs)` for `client`: one shared wait for its `ready` event, each caller with its own bound. */
function readiness(client: Redis | Cluster): (timeoutMs: number) => Promise<void> {
  let next: Promise<void> | undefined;
  return (timeoutMs) => {
    if (client.status === "ready") return Promise.resolve();
    if (client.status === "end") {
      return Promise.reject(new BackendUnavailableError("The Redis connection is closed."));
    }
    next ??= new Promise<void>((resolve) =>
      client.once("ready", () => {
        next = undefined;
        resolve();
      }),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new BackendUnavailableError(`Redis did not answer within ${timeoutMs} ms.`)),
        timeoutMs,
      );
    });
    return Promise.race([next, expired]).finally(() => clearTimeout(timer));
  };
}

/** Logs (and tells listeners) once when Redis becomes unreachable and once when it is back. */
function watchHealth(
  client: Redis | Cluster,
  logger: Logger,
): (listener: (health: BackendHealth) => void) => () => void {
  const listeners = new Set<(health: BackendHealth) => void>();
  const tell = (health: BackendHealth): void => {
    for (const listener of listeners) listener(health);
  };
  let down = false;
  client.on("error", (error: unknown) => {
    if (down) return;
    down = true;
    const name = error instanceof Error ? error.name : typeof error;
    logger.warn("Redis is unreachable: intake answers 503 and workers wait until it returns", {
      adapter: "redis",
      error: name,
    });
    tell({ available: false, error: name });
  });
  client.on("ready", () => {
    if (!down) return;
    down = false;
    logger.info("Redis is reachable again: intake and workers resume", { adapter: "redis" });
    tell({ available: true });
  });
  return (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}

function isCluster(client: Redis | Cluster): client is Cluster {
  return (client as { isCluster?: boolean }).isCluster === true;
}

function isKeyPrefixed(client: Redis | Cluster): boolean {
  const options = isCluster(client) ? client.options.redisOptions : client.options;
  return typeof options?.keyPrefix === "string" && options.keyPrefix !== "";
}

/** Cluster clients take the connection settings under `redisOptions`, the queueing ones at the top. */
function clusterOverrides(cluster: Cluster, overrides: RedisOptions): ClusterOptions {
  const { enableOfflineQueue, lazyConnect, ...redisOptions } = overrides;
  return {
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(lazyConnect === undefined ? {} : { lazyConnect }),
    redisOptions: { ...cluster.options.redisOptions, ...redisOptions },
  };
}
