import {
  BackendUnavailableError,
  isHookwiseError,
  type HookwiseError,
  type ValidationIssue,
} from "../errors.ts";
import type { WebhookResponse } from "./incoming-webhook.ts";

const JSON_HEADERS = {
  "content-type": "application/json; charset=utf-8",
  "cache-control": "no-store",
} as const;

import type { IngestOutcome } from "../sources/source.ts";

export type { IngestOutcome } from "../sources/source.ts";

const OUTCOME_STATUS: Readonly<Record<IngestOutcome, number>> = {
  accepted: 202,
  duplicate: 200,
  ignored: 200,
  conflict: 200,
};

/**
 * The answer for a successful ingest: 202 `accepted` (stored and enqueued), 200 `duplicate`,
 * 200 `ignored`, 200 `conflict` (recorded, under `conflicts: "record"`). This file is the only place that maps outcomes and errors to HTTP.
 */
export function outcomeResponse(
  outcome: IngestOutcome,
  eventId: string | undefined,
): WebhookResponse {
  return {
    status: OUTCOME_STATUS[outcome],
    headers: JSON_HEADERS,
    body: JSON.stringify(
      eventId === undefined ? { status: outcome } : { id: eventId, status: outcome },
    ),
  };
}

/** How {@link errorResponse} answers. */
export interface ErrorResponseOptions {
  /**
   * Put a signature error's diagnosis in the answer, as `error.diagnosis`. For development only:
   * it tells an unauthenticated sender what is wrong with our configuration. @default false
   */
  readonly exposeDiagnosis?: boolean;
}

/**
 * The answer for an error. Hookwise errors carry their status and headers; anything else is an
 * unexpected failure of a backend or a bug, answered 503 with `Retry-After` so the sender retries
 * (never a bare 500 that some providers treat as final). The hostile-input limits answer `408
 * REQUEST_TIMEOUT` (with `Connection: close`), `413 PAYLOAD_TOO_LARGE`, `413 PAYLOAD_TOO_DEEP` and
 * `413 PAYLOAD_TOO_COMPLEX`; `CLIENT_ABORTED` answers 400 to a sender that is usually gone already
 * (see docs/security.md). Use it for your own routes too: `replay` of an unknown id throws
 * `EventNotFoundError`, answered `404 EVENT_NOT_FOUND`. A signature error is answered with its
 * public message only: its diagnosis speaks of our configuration, so a stranger never reads it
 * unless `exposeDiagnosis` is set (development only).
 * @example
 * const answer = await ingestor.replay(id).then(
 *   (result) => ({ status: 200, headers: {}, body: JSON.stringify(result) }),
 *   (error: unknown) => errorResponse(error), // 404 EVENT_NOT_FOUND for an unknown id
 * );
 * @category Ingest
 */
export function errorResponse(error: unknown, options: ErrorResponseOptions = {}): WebhookResponse {
  const known: HookwiseError = isHookwiseError(error)
    ? error
    : new BackendUnavailableError("Internal error; retry later.");
  const body: { code: string; message: string; issues?: unknown; diagnosis?: string } = {
    code: known.code,
    message: known.message,
  };
  // Duck-typed like `issues`: a signature error keeps its diagnosis out of the answer.
  const { publicMessage, diagnosis } = known as { publicMessage?: string; diagnosis?: string };
  if (publicMessage !== undefined) {
    body.message = publicMessage;
    if (options.exposeDiagnosis === true && diagnosis !== undefined) body.diagnosis = diagnosis;
  }
  // Duck-typed, not instanceof: errors may come from another copy of core.
  const issues = (known as { issues?: readonly ValidationIssue[] }).issues;
  if (issues !== undefined) body.issues = issues;
  return {
    status: known.status,
    headers: { ...JSON_HEADERS, ...known.headers },
    body: JSON.stringify({ error: body }),
  };
}
