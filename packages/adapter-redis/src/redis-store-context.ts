import { ClosedError } from "@hookwise/core";
import { backendCall } from "./ingest-call.ts";
import type { RedisConnections } from "./redis-connections.ts";
import type { RedisKeys } from "./redis-keys.ts";
import type { RedisScripts } from "./redis-scripts.ts";

/** What the stores share: keys, scripts, the connection and how to call it. @internal */
export interface RedisStoreContext {
  readonly keys: RedisKeys;
  readonly scripts: RedisScripts;
  readonly connections: RedisConnections;
  /** Settled records' retention, in ms (`Infinity`: kept until deleted). */
  readonly eventTtlMs: number;
  /** Runs a call off the ack path: rejects `ClosedError` once closed, `BackendUnavailableError` on failure. */
  call<T>(run: () => Promise<T>): Promise<T>;
  /** Whether the adapter was closed. */
  readonly closed: boolean;
}

/** @internal */
export function createStoreContext(
  parts: Omit<RedisStoreContext, "call" | "closed">,
  readyTimeoutMs: number,
  isClosed: () => boolean,
): RedisStoreContext {
  return {
    ...parts,
    get closed() {
      return isClosed();
    },
    call(run) {
      if (isClosed()) return Promise.reject(new ClosedError("The Redis adapter"));
      return backendCall(parts.connections, readyTimeoutMs, run);
    },
  };
}
