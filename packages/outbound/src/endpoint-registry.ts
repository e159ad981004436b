import {
  ConfigurationError,
  EndpointChangedError,
  EndpointNotFoundError,
  PayloadValidationError,
  type EndpointRecord,
  type EndpointRetry,
} from "@hookwise/core";
import type { AddressPolicy } from "./address-policy.ts";
import { checkEndpointSecret, generateEndpointSecret, rotatedSecrets } from "./endpoint-secret.ts";
import { checkEndpointUrl } from "./endpoint-url.ts";
import { toEndpointView, type EndpointView } from "./endpoint-view.ts";
import { newEndpointId } from "./ids.ts";
import type { OutboxContext } from "./outbox-context.ts";
import { checkRetry } from "./retry-schedule.ts";
import { checkName } from "./send-message.ts";

/**
 * What can be set on an endpoint after it is created.
 * @category Endpoints
 */
export interface EndpointSettings {
  /** Absolute http(s) URL; a literal loopback, private or metadata address is refused (422). */
  readonly url?: string;
  /** @default "" */
  readonly description?: string;
  /** Event types it is sent; empty for every type. @default [] */
  readonly eventTypes?: readonly string[];
  /** Overrides the outbox's retry schedule (`exponentialRetry(…)`, `STANDARD_WEBHOOKS_RETRY`). */
  readonly retry?: EndpointRetry;
  /** Retry 4xx answers too (by default only 408, 425, 429 and 5xx are retried). @default false */
  readonly retryClientErrors?: boolean;
  /** At most this many deliveries a second, per worker process. @default unlimited */
  readonly rateLimitPerSecond?: number;
}

/**
 * A new endpoint: its tenant, URL and settings.
 * @category Endpoints
 */
export interface CreateEndpoint extends EndpointSettings {
  readonly tenant: string;
  readonly url: string;
  /** Whether the endpoint receives messages; `false` creates it disabled. @default true */
  readonly enabled?: boolean;
  /** Bring your own `whsec_…` secret (migrating from another sender). @default a new random one */
  readonly secret?: string;
}

/**
 * An endpoint with its signing secret: what creation and rotation return, the only times the secret
 * is shown.
 * @category Endpoints
 */
export interface EndpointWithSecret {
  readonly endpoint: EndpointView;
  /** `whsec_…`: give it to the receiver; hookwise never shows it again. */
  readonly secret: string;
}

/**
 * Register, change and remove a tenant's endpoints. Views never hold secrets.
 * @category Endpoints
 */
export interface EndpointRegistry {
  /** Register an endpoint; resolves with its view and its secret (shown this once). */
  create(endpoint: CreateEndpoint): Promise<EndpointWithSecret>;
  /** The endpoint's view, or `undefined`. */
  get(id: string): Promise<EndpointView | undefined>;
  /** A tenant's endpoints, oldest first. */
  list(tenant: string): Promise<readonly EndpointView[]>;
  /** Change settings; the ones not given stay. @throws EndpointNotFoundError */
  update(id: string, settings: EndpointSettings): Promise<EndpointView>;
  /**
   * A new secret. The previous one keeps signing beside it for `overlapMs` (the outbox's
   * `secretOverlapMs` by default), so the receiver can switch without a failed delivery.
   * @throws EndpointNotFoundError
   */
  rotateSecret(id: string, options?: { readonly overlapMs?: number }): Promise<EndpointWithSecret>;
  /** Stop sending to it: pending deliveries are dead-lettered as `ENDPOINT_DISABLED` (replayable). */
  disable(id: string): Promise<EndpointView>;
  /** Send to it again (also after a 410 disabled it). */
  enable(id: string): Promise<EndpointView>;
  /** Remove it; resolves whether it existed. */
  delete(id: string): Promise<boolean>;
}

/** Tries of one change when other processes keep changing the same endpoint. */
const MAX_CHANGE_ATTEMPTS = 5;

/** The registry over the adapter's endpoint store. */
export function createEndpointRegistry(
  context: OutboxContext,
  policy: AddressPolicy,
): EndpointRegistry {
  const { endpoints, clock } = context;
  const view = (record: EndpointRecord): EndpointView => toEndpointView(record, clock.now());
  const load = async (id: string): Promise<EndpointRecord> => {
    const record = await endpoints.get(id);
    if (record === undefined) throw new EndpointNotFoundError();
    return record;
  };
  /**
   * Read, change, write with compare-and-set on `updatedAt`, again from a fresh read when another
   * process changed the endpoint meanwhile, so two concurrent changes (two rotations, an update and
   * a 410) both land. `now` is past the stored `updatedAt`, so every write changes it.
   */
  const change = async (
    id: string,
    update: (record: EndpointRecord, now: number) => EndpointRecord,
  ): Promise<EndpointRecord> => {
    for (let attempt = 1; ; attempt++) {
      const current = await load(id);
      const changed = update(current, Math.max(clock.now(), current.updatedAt + 1));
      try {
        await endpoints.replace(changed, { ifUpdatedAt: current.updatedAt });
        return changed;
      } catch (error) {
        if (!(error instanceof EndpointChangedError) || attempt >= MAX_CHANGE_ATTEMPTS) throw error;
      }
    }
  };

  return {
    async create(input) {
      const now = clock.now();
      const secret = input.secret ?? generateEndpointSecret();
      if (input.secret !== undefined) asInputError("secret", () => checkEndpointSecret(secret));
      const record: EndpointRecord = {
        id: newEndpointId(),
        tenant: checkName(input.tenant, "tenant"),
        ...settings(input, policy),
        url: checkEndpointUrl(input.url, policy).href,
        description: input.description ?? "",
        eventTypes: input.eventTypes === undefined ? [] : checkTypes(input.eventTypes),
        enabled: input.enabled ?? true,
        ...(input.enabled === false && { disabledReason: "manual" as const }),
        secrets: [{ secret, createdAt: now }],
        createdAt: now,
        updatedAt: now,
      };
      await endpoints.insert(record);
      return { endpoint: view(record), secret };
    },
    async get(id) {
      const record = await endpoints.get(id);
      return record === undefined ? undefined : view(record);
    },
    async list(tenant) {
      return (await endpoints.listByTenant(tenant)).map(view);
    },
    async update(id, input) {
      return view(
        await change(id, (record, now) => ({
          ...record,
          ...settings(input, policy),
          updatedAt: now,
        })),
      );
    },
    async rotateSecret(id, options = {}) {
      const overlapMs = options.overlapMs ?? context.secretOverlapMs;
      if (!Number.isFinite(overlapMs) || overlapMs < 0)
        throw new PayloadValidationError(
          [{ path: ["overlapMs"], message: "must be a finite number of ms, at least 0" }],
          "`overlapMs` must be a finite number of ms, at least 0.",
        );
      const secret = generateEndpointSecret();
      const record = await change(id, (current, now) => ({
        ...current,
        secrets: rotatedSecrets(current.secrets, secret, now, overlapMs),
        updatedAt: now,
      }));
      return { endpoint: view(record), secret };
    },
    async disable(id) {
      const record = await change(id, (current, now) => ({
        ...current,
        enabled: false,
        disabledReason: "manual",
        updatedAt: now,
      }));
      context.emitter.emit("endpoint.disabled", {
        endpointId: id,
        tenant: record.tenant,
        reason: "manual",
      });
      return view(record);
    },
    async enable(id) {
      return view(
        await change(id, (current, now) => {
          const { disabledReason: _dropped, ...rest } = current;
          return { ...rest, enabled: true, updatedAt: now };
        }),
      );
    },
    delete(id) {
      return endpoints.delete(id);
    },
  };
}

/** The settings given, checked; only the fields present. */
function settings(input: EndpointSettings, policy: AddressPolicy): Partial<EndpointRecord> {
  const out: { -readonly [K in keyof EndpointRecord]?: EndpointRecord[K] } = {};
  if (input.url !== undefined) out.url = checkEndpointUrl(input.url, policy).href;
  if (input.description !== undefined) {
    if (typeof input.description !== "string" || input.description.length > 1_000)
      throw invalid("description", "must be a string of at most 1000 characters");
    out.description = input.description;
  }
  if (input.eventTypes !== undefined) out.eventTypes = checkTypes(input.eventTypes);
  const retry = input.retry;
  if (retry !== undefined) {
    asInputError("retry", () => checkRetry(retry, "retry"));
    out.retry = retry;
  }
  if (input.retryClientErrors !== undefined) out.retryClientErrors = input.retryClientErrors;
  if (input.rateLimitPerSecond !== undefined) {
    if (!Number.isFinite(input.rateLimitPerSecond) || input.rateLimitPerSecond <= 0)
      throw invalid("rateLimitPerSecond", "must be a positive number");
    out.rateLimitPerSecond = input.rateLimitPerSecond;
  }
  return out;
}

function checkTypes(types: readonly string[]): string[] {
  if (!Array.isArray(types) || types.length > 1_000)
    throw invalid("eventTypes", "must be an array of at most 1000 event types");
  return types.map((type, index) => checkName(type, `eventTypes[${String(index)}]`));
}

/**
 * Runs a check shared with the outbox's own options, whose `ConfigurationError` (a 500: our
 * configuration) becomes a 422 here, where the value came from the caller's request.
 */
function asInputError(field: string, check: () => void): void {
  try {
    check();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    throw new PayloadValidationError([{ path: [field], message: error.message }], error.message);
  }
}

function invalid(field: string, message: string): PayloadValidationError {
  return new PayloadValidationError([{ path: [field], message }], `\`${field}\` ${message}.`);
}
