import {
  EndpointChangedError,
  nextAttemptNumber,
  type AttemptRecord,
  type DeliveryRecord,
  type EndpointRecord,
  type EventError,
  type JobOutcome,
} from "@hookwise/core";
import { circuitState } from "./circuit-breaker.ts";
import { outcomeOfFailure, outcomeOfResponse, type AttemptOutcome } from "./delivery-outcome.ts";
import type { SendJob } from "./outbound-jobs.ts";
import type { OutboxContext } from "./outbox-context.ts";
import { nextRetryDelayMs } from "./retry-schedule.ts";

const ACK: JobOutcome = { type: "ack" };
/** How long deliveries wait while another one probes an endpoint whose cooldown is over. */
const PROBE_WAIT_MS = 5_000;
/**
 * A send whose worker died this many times while running it is given up, with a final attempt that
 * says so: something in it kills the worker, and hand-outs alone cannot tell, since a paused
 * delivery (rate limit, open circuit) is handed out again without an attempt. The receiver may have
 * had it each time (at least once), so it is not sent again until a replay.
 */
export const MAX_SEND_STALLS = 5;

/**
 * One attempt at one delivery: the `send` job. Checks the endpoint (gone, disabled, circuit open,
 * rate limit), signs, sends, records the attempt with the start of the answer, counts it toward the
 * endpoint's health, and settles the message when its last delivery is done.
 */
export async function deliverMessage(
  job: SendJob,
  context: OutboxContext,
  stalls = 0,
): Promise<JobOutcome> {
  const { adapter, endpoints, clock } = context;
  const record = await adapter.events.get(job.messageId);
  const delivery = record?.deliveries.find((candidate) => candidate.id === job.deliveryId);
  if (record === undefined || delivery === undefined || delivery.status !== "pending") return ACK;
  if (stalls >= MAX_SEND_STALLS) {
    const message = `The worker stopped ${stalls} times while sending this message; replay it once the cause is fixed.`;
    return finish(
      job,
      delivery,
      await endpoints.get(delivery.destination),
      {
        ok: false,
        error: { code: "WORKER_STOPPED", message },
        retryable: false,
        countsAgainstEndpoint: false,
        gone: false,
      },
      clock.now(),
      context,
    );
  }
  const names = {
    messageId: record.id,
    deliveryId: delivery.id,
    endpointId: delivery.destination,
  };

  const endpoint = await endpoints.get(delivery.destination);
  if (endpoint === undefined || !endpoint.enabled) {
    const error: EventError =
      endpoint === undefined
        ? { code: "ENDPOINT_DELETED", message: "The endpoint was deleted." }
        : { code: "ENDPOINT_DISABLED", message: "The endpoint is disabled; enable it and replay." };
    return finish(
      job,
      delivery,
      endpoint,
      { ok: false, error, retryable: false, countsAgainstEndpoint: false, gone: false },
      clock.now(),
      context,
    );
  }

  const { wait, probing } = await pauseFor(endpoint, context);
  if (wait !== undefined) {
    context.emitter.emit("delivery.paused", { ...names, ...wait });
    await leaveQueued(record.id, record.status, context);
    return { type: "retry", delayMs: wait.delayMs };
  }

  const startedAt = clock.now();
  let signature: Readonly<Record<string, string>>;
  try {
    signature = await context.signer.headers(endpoint, record.id, record.body, startedAt);
  } catch (error) {
    // Nothing can be sent until the endpoint's secret is replaced: a final attempt says so, once,
    // instead of a job that throws and is handed out again forever.
    const kind = error instanceof Error ? error.name : typeof error;
    const message = `The endpoint's secret could not sign (${kind}); rotate it, then replay.`;
    return finish(
      job,
      delivery,
      endpoint,
      {
        ok: false,
        error: { code: "SIGNING_FAILED", message },
        retryable: false,
        countsAgainstEndpoint: false,
        gone: false,
      },
      startedAt,
      context,
    );
  }
  const headers = { "content-type": "application/json", ...signature };
  let outcome: AttemptOutcome;
  try {
    const response = await context.transport.send({
      url: new URL(endpoint.url),
      method: "POST",
      headers,
      body: record.body,
      timeoutMs: context.timeoutMs,
      signal: context.signal,
    });
    outcome = outcomeOfResponse(response, endpoint.retryClientErrors === true, clock.now());
  } catch (error) {
    outcome = outcomeOfFailure(error);
  }
  // Shutting down is not the endpoint's failure: no attempt is recorded, the job runs again.
  if (!outcome.ok && outcome.error.code === "ABORTED" && context.signal.aborted)
    return { type: "retry", delayMs: 1_000 };
  const result = await finish(job, delivery, endpoint, outcome, startedAt, context, probing);
  if (result.type === "retry") await leaveQueued(record.id, record.status, context);
  return result;
}

/**
 * A delivery that waits (a retry, a pause) waits as its job in the queue, so its message leaves
 * `queued`, the status the sweep queues again: otherwise every waiting message would be fanned out
 * again at each sweep. No other writer can settle it meanwhile, since this delivery is pending.
 */
async function leaveQueued(
  messageId: string,
  status: string,
  context: OutboxContext,
): Promise<void> {
  if (status === "queued")
    await context.adapter.events.setStatus(messageId, "processing", context.clock.now());
}

interface Pause {
  /** Why and how long to wait; absent when the delivery may go. */
  readonly wait?: { readonly reason: "circuit_open" | "rate_limited"; readonly delayMs: number };
  /** This attempt is the probe of an endpoint whose circuit was open. */
  readonly probing: boolean;
}

/** Whether this delivery must wait, and whether it is a probe. */
async function pauseFor(endpoint: EndpointRecord, context: OutboxContext): Promise<Pause> {
  const now = context.clock.now();
  let probing = false;
  if (context.circuitBreaker !== undefined) {
    const health = await context.endpoints.health(endpoint.id);
    const circuit = circuitState(health, context.circuitBreaker, now);
    if (circuit.state === "open")
      return { wait: { reason: "circuit_open", delayMs: circuit.until - now }, probing };
    if (circuit.state === "half_open") {
      const lease = context.timeoutMs + PROBE_WAIT_MS;
      if (!(await context.endpoints.claimProbe(endpoint.id, now, lease)))
        return { wait: { reason: "circuit_open", delayMs: PROBE_WAIT_MS }, probing };
      probing = true;
    }
  }
  if (endpoint.rateLimitPerSecond !== undefined) {
    const delayMs = context.rateLimiter.take(endpoint.id, endpoint.rateLimitPerSecond, now);
    if (delayMs > 0) return { wait: { reason: "rate_limited", delayMs }, probing };
  }
  return { probing };
}

/** Record the attempt, count it, disable a gone endpoint, settle the message; the job's outcome. */
async function finish(
  job: SendJob,
  delivery: DeliveryRecord,
  endpoint: EndpointRecord | undefined,
  outcome: AttemptOutcome,
  startedAt: number,
  context: OutboxContext,
  probing = false,
): Promise<JobOutcome> {
  const { clock, emitter } = context;
  const finishedAt = clock.now();
  const attemptNumber = nextAttemptNumber(delivery);
  const names = {
    messageId: job.messageId,
    deliveryId: delivery.id,
    endpointId: delivery.destination,
  };
  const next =
    outcome.ok || !outcome.retryable
      ? undefined
      : nextRetryDelayMs(
          endpoint?.retry ?? context.retry,
          attemptNumber,
          context.random,
          outcome.retryAfterSeconds,
        );
  const final = !outcome.ok && next === undefined;
  const attempt: AttemptRecord = {
    attempt: attemptNumber,
    startedAt,
    finishedAt,
    ok: outcome.ok,
    ...(outcome.responseStatus !== undefined && { responseStatus: outcome.responseStatus }),
    ...(outcome.responseBody !== undefined &&
      outcome.responseBody !== "" && { responseBody: outcome.responseBody }),
    ...(!outcome.ok && { error: outcome.error }),
    ...(next !== undefined && { nextAttemptInMs: next }),
    ...(final && { final: true }),
  };
  // The message settles in the same write when this was its last pending delivery.
  const states = await context.adapter.events.recordAttempt(
    job.messageId,
    delivery.id,
    attempt,
    outcome.ok ? "succeeded" : final ? "dead_lettered" : undefined,
    { settleAt: finishedAt },
  );

  const durationMs = finishedAt - startedAt;
  const answered =
    outcome.responseStatus === undefined ? {} : { responseStatus: outcome.responseStatus };
  if (outcome.ok) {
    emitter.emit("attempt.succeeded", {
      ...names,
      attempt: attemptNumber,
      durationMs,
      ...answered,
    });
  } else if (endpoint !== undefined) {
    emitter.emit("attempt.failed", {
      ...names,
      attempt: attemptNumber,
      durationMs,
      ...answered,
      code: outcome.error.code,
      ...(next !== undefined && { nextAttemptInMs: next }),
    });
    context.logger.warn("An outbound delivery attempt failed", {
      endpoint: delivery.destination,
      message: job.messageId,
      attempt: attemptNumber,
      code: outcome.error.code,
      error: outcome.error.message,
      ...(next === undefined
        ? { final: true }
        : { nextAttemptAt: new Date(finishedAt + next).toISOString() }),
    });
  }
  if (final) emitter.emit("delivery.dead_lettered", { ...names, code: outcome.error.code });

  if (endpoint !== undefined)
    await countForEndpoint(endpoint, outcome, finishedAt, context, probing);
  announceSettled(job.messageId, states, context);
  return next === undefined ? ACK : { type: "retry", delayMs: next };
}

/**
 * Disables the endpoint that answered 410, as it is now: re-read, so a change made while the request
 * was in flight (a new URL, a rotated secret) is kept, and not disabled at all when its URL changed.
 */
async function disableGone(
  answered: EndpointRecord,
  at: number,
  context: OutboxContext,
): Promise<void> {
  const current = await context.endpoints.get(answered.id);
  if (current === undefined || !current.enabled || current.url !== answered.url) return;
  try {
    await context.endpoints.replace(
      {
        ...current,
        enabled: false,
        disabledReason: "gone",
        updatedAt: Math.max(at, current.updatedAt + 1),
      },
      { ifUpdatedAt: current.updatedAt },
    );
  } catch (error) {
    // Changed again just now: the client acted on it, and its next delivery decides afresh.
    if (error instanceof EndpointChangedError) return;
    throw error;
  }
  context.emitter.emit("endpoint.disabled", {
    endpointId: current.id,
    tenant: current.tenant,
    reason: "gone",
  });
}

/** The endpoint's health and, for a 410, its disabling. */
async function countForEndpoint(
  endpoint: EndpointRecord,
  outcome: AttemptOutcome,
  at: number,
  context: OutboxContext,
  probing: boolean,
): Promise<void> {
  if (!outcome.ok && outcome.gone) await disableGone(endpoint, at, context);
  if (context.circuitBreaker === undefined) return;
  // A probe answered with a status that is not the endpoint's fault (a 400 for this message) still
  // shows the endpoint is up: it closes the circuit, or it would stay half-open until some 2xx.
  const alive = outcome.ok || (probing && outcome.responseStatus !== undefined && !outcome.gone);
  if (!alive && !outcome.countsAgainstEndpoint) return;
  const health = await context.endpoints.recordOutcome(endpoint.id, {
    ok: alive,
    at,
    ...(!alive && !outcome.ok && { error: outcome.error }),
  });
  const { failureThreshold, cooldownMs } = context.circuitBreaker;
  if (alive && probing) {
    context.emitter.emit("endpoint.circuit_closed", { endpointId: endpoint.id });
    context.logger.info("Deliveries to an endpoint resume: the probe succeeded", {
      endpoint: endpoint.id,
    });
  }
  if (!alive && (health.failureStreak === failureThreshold || probing)) {
    context.emitter.emit("endpoint.circuit_opened", {
      endpointId: endpoint.id,
      failureStreak: health.failureStreak,
      until: at + cooldownMs,
    });
    context.logger.warn("Deliveries to an endpoint are paused after repeated failures", {
      endpoint: endpoint.id,
      failureStreak: health.failureStreak,
      resumesAt: new Date(at + cooldownMs).toISOString(),
    });
  }
}

/** Once no delivery is pending (the store settled the message): `delivered`, or `dead_lettered`. */
function announceSettled(
  messageId: string,
  states: readonly { status: string }[],
  context: OutboxContext,
): void {
  if (states.some((state) => state.status === "pending")) return;
  const dead = states.some((state) => state.status === "dead_lettered");
  context.emitter.emit(dead ? "message.dead_lettered" : "message.delivered", { messageId });
}
