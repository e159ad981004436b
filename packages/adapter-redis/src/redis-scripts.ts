import type { Cluster, Redis } from "ioredis";
import { CLAIM_LUA, SETTLE_LUA } from "./lua/claims.ts";
import { ADD_DELIVERIES_LUA, RECORD_ATTEMPT_LUA, RESET_DELIVERIES_LUA } from "./lua/deliveries.ts";
import {
  ENDPOINT_DELETE_LUA,
  ENDPOINT_INSERT_LUA,
  ENDPOINT_LIST_LUA,
  ENDPOINT_OUTCOME_LUA,
  ENDPOINT_PROBE_LUA,
  ENDPOINT_REPLACE_LUA,
} from "./lua/endpoints.ts";
import {
  DELETE_LUA,
  GET_FOR_PROCESSING_LUA,
  INSERT_LUA,
  LIST_LUA,
  SET_STATUS_LUA,
} from "./lua/events.ts";
import { INTAKE_LUA } from "./lua/intake.ts";

/** A script argument: text, a number, or raw bytes (sent as they are). @internal */
export type ScriptArg = string | number | Buffer;

/** Runs one script: its keys, then its arguments. @internal */
export type ScriptCall = (keys: readonly string[], args: readonly ScriptArg[]) => Promise<unknown>;

/** The adapter's Lua scripts on one client; `*Buffer` variants answer bytes instead of text. @internal */
export interface RedisScripts {
  readonly intake: ScriptCall;
  readonly claim: ScriptCall;
  readonly settle: ScriptCall;
  readonly insert: ScriptCall;
  readonly remove: ScriptCall;
  readonly setStatus: ScriptCall;
  readonly listBuffer: ScriptCall;
  readonly getForProcessingBuffer: ScriptCall;
  readonly addDeliveries: ScriptCall;
  readonly recordAttempt: ScriptCall;
  readonly resetDeliveries: ScriptCall;
  readonly endpointInsert: ScriptCall;
  readonly endpointReplace: ScriptCall;
  readonly endpointDelete: ScriptCall;
  readonly endpointOutcome: ScriptCall;
  readonly endpointProbe: ScriptCall;
  readonly endpointList: ScriptCall;
}

/** Script name → [number of keys, source]. Names carry a version so a changed script never clashes. */
const SCRIPTS = {
  intake: [4, INTAKE_LUA],
  claim: [1, CLAIM_LUA],
  settle: [1, SETTLE_LUA],
  insert: [3, INSERT_LUA],
  remove: [2, DELETE_LUA],
  setStatus: [2, SET_STATUS_LUA],
  list: [1, LIST_LUA],
  getForProcessing: [2, GET_FOR_PROCESSING_LUA],
  addDeliveries: [2, ADD_DELIVERIES_LUA],
  recordAttempt: [2, RECORD_ATTEMPT_LUA],
  resetDeliveries: [2, RESET_DELIVERIES_LUA],
  endpointInsert: [4, ENDPOINT_INSERT_LUA],
  endpointReplace: [1, ENDPOINT_REPLACE_LUA],
  endpointDelete: [4, ENDPOINT_DELETE_LUA],
  endpointOutcome: [2, ENDPOINT_OUTCOME_LUA],
  endpointProbe: [2, ENDPOINT_PROBE_LUA],
  endpointList: [2, ENDPOINT_LIST_LUA],
} as const;

const VERSION = "v1";

type ScriptFn = (...args: ScriptArg[]) => Promise<unknown>;

/**
 * Registers the scripts on `client` with ioredis `defineCommand`: each call is one `EVALSHA` (ioredis
 * sends the source once, when Redis answers `NOSCRIPT`).
 * @internal
 */
export function defineScripts(client: Redis | Cluster): RedisScripts {
  const commands = client as unknown as Record<string, ScriptFn | undefined>;
  for (const [name, [numberOfKeys, lua]] of Object.entries(SCRIPTS)) {
    const command = `hookwise_${name}_${VERSION}`;
    if (commands[command] === undefined) client.defineCommand(command, { numberOfKeys, lua });
  }
  const call =
    (name: keyof typeof SCRIPTS, suffix = ""): ScriptCall =>
    (keys, args) => {
      const fn = commands[`hookwise_${name}_${VERSION}${suffix}`];
      if (fn === undefined) throw new Error(`Script ${name} is not defined.`);
      return fn.call(client, ...keys, ...args);
    };
  return {
    intake: call("intake"),
    claim: call("claim"),
    settle: call("settle"),
    insert: call("insert"),
    remove: call("remove"),
    setStatus: call("setStatus"),
    listBuffer: call("list", "Buffer"),
    getForProcessingBuffer: call("getForProcessing", "Buffer"),
    addDeliveries: call("addDeliveries"),
    recordAttempt: call("recordAttempt"),
    resetDeliveries: call("resetDeliveries"),
    endpointInsert: call("endpointInsert"),
    endpointReplace: call("endpointReplace"),
    endpointDelete: call("endpointDelete"),
    endpointOutcome: call("endpointOutcome"),
    endpointProbe: call("endpointProbe"),
    endpointList: call("endpointList"),
  };
}
