import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { ConfigurationError } from "@hookwise/core";
import { Agent, type Dispatcher } from "undici";
import { createAddressPolicy, type AddressPolicy } from "./address-policy.ts";
import {
  DEFAULT_RESPONSE_BODY_LIMIT,
  DEFAULT_USER_AGENT,
  blockedAddress,
  checkBodyLimit,
  createBodyCapture,
  networkError,
  nullObject,
  refuseLiteralHost,
  startDeadline,
  withUserAgent,
} from "./fetch-transport.ts";
import {
  TransportError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "./transport.ts";

/** Default {@link UndiciTransportOptions.connectTimeoutMs}. @category Delivery */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
/** Default {@link UndiciTransportOptions.connectionsPerOrigin}. @category Delivery */
export const DEFAULT_CONNECTIONS_PER_ORIGIN = 50;
/**
 * Default {@link UndiciTransportOptions.keepAliveTimeoutMs}: undici's, under the 5 s that Node and
 * many servers use, so the receiver is not the one to close an idle socket mid-request.
 * @category Delivery
 */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 4_000;

/**
 * Options of {@link createUndiciTransport}.
 * @category Delivery
 */
export interface UndiciTransportOptions {
  /**
   * Which addresses requests may go to. Literal IP hosts are checked before sending; host names on
   * every address they resolve to, at connect time.
   * @default createAddressPolicy() (public unicast only)
   */
  readonly addressPolicy?: AddressPolicy;
  /**
   * Time to resolve the host and open the connection (TCP and TLS), in ms. undici checks it about
   * once a second; the request's `timeoutMs` still bounds the whole exchange, and when that runs
   * out first the failure is `timeout`.
   * @default 10_000
   */
  readonly connectTimeoutMs?: number;
  /** Bytes of the response body kept; the rest is discarded unbuffered. @default 4096 */
  readonly responseBodyLimit?: number;
  /** Sent unless the request has its own `user-agent`. @default "hookwise-outbound/0.1" */
  readonly userAgent?: string;
  /** Most open connections to one origin (scheme, host, port). @default 50 */
  readonly connectionsPerOrigin?: number;
  /** How long an idle kept-alive connection stays open, in ms. @default 4_000 */
  readonly keepAliveTimeoutMs?: number;
  /**
   * Resolves host names, with the signature of `dns.lookup` (custom resolvers, tests). Its answers
   * go through `addressPolicy` before any connection.
   * @default dns.lookup from node:dns
   */
  readonly lookup?: LookupFunction;
}

/**
 * The production {@link Transport}: one undici `Agent` with keep-alive pools per origin, protected
 * against server-side request forgery. A host name is refused (`blocked_address`, nothing sent) if
 * any address it resolves to is refused by the policy, and the check runs inside the connection's
 * own lookup, on the addresses actually connected to, so DNS rebinding cannot slip in between.
 * Redirects are not followed (a 3xx comes back as the status). The whole exchange ends within the
 * request's `timeoutMs`; at most `responseBodyLimit` bytes of the body are read.
 * @example
 * const transport = createUndiciTransport({ connectTimeoutMs: 5_000 });
 * const response = await transport.send({
 *   url: new URL("https://partner.example.com/hooks"),
 *   method: "POST",
 *   headers: { "content-type": "application/json" },
 *   body: new TextEncoder().encode("{}"),
 *   timeoutMs: 10_000,
 * });
 * await transport.close();
 * @category Delivery
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): Transport {
  const resolved = resolveOptions(options);
  const { addressPolicy, responseBodyLimit, userAgent } = resolved;
  const agent = new Agent({
    connections: resolved.connectionsPerOrigin,
    keepAliveTimeout: resolved.keepAliveTimeoutMs,
    connect: {
      timeout: resolved.connectTimeoutMs,
      lookup: guardLookup(resolved.lookup, addressPolicy),
    },
  });
  let closing: Promise<void> | undefined;

  return {
    async send(request: TransportRequest): Promise<TransportResponse> {
      const { url } = request;
      refuseLiteralHost(url, addressPolicy);
      const deadline = startDeadline(request);
      try {
        const response = await agent.request({
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: request.method,
          headers: withUserAgent(request.headers, userAgent),
          body: request.body,
          signal: deadline.signal,
          headersTimeout: request.timeoutMs,
          bodyTimeout: request.timeoutMs,
        });
        const body = await readCapped(response.body, responseBodyLimit);
        return { status: response.statusCode, headers: joinHeaders(response.headers), body };
      } catch (error) {
        throw toTransportError(error, url.hostname, deadline.failure(url.hostname));
      } finally {
        deadline.clear();
      }
    },
    close(): Promise<void> {
      closing ??= agent.close().then(() => undefined);
      return closing;
    },
  };
}

/** After the kept bytes, at most this much more is read so the connection can be reused. */
const DRAIN_LIMIT_BYTES = 64 * 1024;
/** ...and for at most this long; a bigger or slower rest closes the connection instead. */
const DRAIN_TIMEOUT_MS = 1_000;

function resolveOptions(options: UndiciTransportOptions) {
  const resolved = Object.freeze({
    addressPolicy: options.addressPolicy ?? createAddressPolicy(),
    connectTimeoutMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    responseBodyLimit: checkBodyLimit(options.responseBodyLimit ?? DEFAULT_RESPONSE_BODY_LIMIT),
    userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
    connectionsPerOrigin: options.connectionsPerOrigin ?? DEFAULT_CONNECTIONS_PER_ORIGIN,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    lookup: options.lookup ?? (dnsLookup as LookupFunction),
  });
  for (const name of ["connectTimeoutMs", "keepAliveTimeoutMs"] as const)
    if (!Number.isFinite(resolved[name]) || resolved[name] <= 0)
      throw new ConfigurationError(`\`${name}\` must be a finite number of ms, more than 0.`);
  if (!Number.isSafeInteger(resolved.connectionsPerOrigin) || resolved.connectionsPerOrigin < 1)
    throw new ConfigurationError("`connectionsPerOrigin` must be a whole number, at least 1.");
  return resolved;
}

/**
 * A lookup that resolves every address of the name and fails with `blocked_address` if the policy
 * refuses any of them; otherwise answers in the shape the caller asked for (one or all).
 */
function guardLookup(lookup: LookupFunction, policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (error, answer, family) => {
      if (error !== null) return callback(error, "", 0);
      const addresses: LookupAddress[] =
        typeof answer === "string" ? [{ address: answer, family: family ?? 0 }] : answer;
      for (const { address } of addresses) {
        const verdict = policy.check(address);
        if (!verdict.allowed) return callback(blockedAddress(hostname, verdict.reason), "", 0);
      }
      const [first] = addresses;
      if (first === undefined) return callback(notFound(hostname), "", 0);
      if (options.all === true) callback(null, addresses);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * Reads at most `limit` bytes. A longer body is then drained, up to a small amount and time, so the
 * connection goes back to the pool; beyond that undici closes the connection.
 */
async function readCapped(body: Dispatcher.ResponseData["body"], limit: number): Promise<string> {
  const capture = createBodyCapture(limit);
  if (limit > 0)
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>)
      if (!capture.add(chunk)) break;
  if (!body.readableEnded)
    body
      .dump({ limit: DRAIN_LIMIT_BYTES, signal: AbortSignal.timeout(DRAIN_TIMEOUT_MS) })
      .catch(() => undefined);
  return capture.text();
}

function toTransportError(
  error: unknown,
  host: string,
  deadlineFailure: TransportError | undefined,
): TransportError {
  const blocked = findTransportError(error);
  if (blocked !== undefined) return blocked;
  if (deadlineFailure !== undefined) return deadlineFailure;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "UND_ERR_CONNECT_TIMEOUT")
    return new TransportError("connect_timeout", `Connecting to ${host} timed out.`, {
      cause: error,
    });
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT")
    return new TransportError("timeout", `Request to ${host} timed out.`, { cause: error });
  return networkError(host, error);
}

/** The `blocked_address` error thrown by the guarded lookup, however deep undici wrapped it. */
function findTransportError(error: unknown): TransportError | undefined {
  for (let depth = 0; depth < 5 && error instanceof Error; depth++) {
    if (error instanceof TransportError) return error;
    error = error.cause;
  }
  return undefined;
}

function notFound(hostname: string): Error {
  return Object.assign(new Error(`${hostname} has no address.`), { code: "ENOTFOUND" });
}

function joinHeaders(
  headers: Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const joined = nullObject();
  for (const [name, value] of Object.entries(headers))
    if (value !== undefined) joined[name] = Array.isArray(value) ? value.join(", ") : value;
  return joined;
}
