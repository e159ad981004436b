/**
 * Source preset for Zoom. Answers the `endpoint.url_validation` challenge with
 * `{ plainToken, encryptedToken }`, but only for a request whose signature was verified and only
 * for that exact event shape; every other event is accepted as usual.
 */
import type { HandshakeResponse, Source, SourceSchemas } from "../source.ts";
import { toSecretList, type SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { createZoomVerifier, zoomEncryptedToken } from "../../verify/zoom.ts";
import { scalarAt } from "./scalar-field.ts";
import { numberAt, pathOf } from "./payload-fields.ts";

/** Options of {@link zoomSource}. */
export interface ZoomSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The app's Secret Token; several while replacing it. */
  readonly secret: SecretInput;
  /** Accepted distance of `x-zm-request-timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "zoom" */
  readonly name?: string;
  /** Schemas by event (`meeting.started`, `recording.completed`, …). */
  readonly schemas?: TSchemas;
}

const MAX_PLAIN_TOKEN_LENGTH = 256;

/**
 * Zoom webhooks. Zoom has no event id, so the id joins `event`, `event_ts`, the account and the
 * object's `uuid` (else `id`); the time is `event_ts` (ms).
 * @example
 * const source = zoomSource({ secret: process.env.ZOOM_SECRET_TOKEN! });
 * @category Ingest
 */
export function zoomSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: ZoomSourceOptions<TSchemas>,
): Source<TSchemas> {
  const secrets = toSecretList(options.secret, "secret");
  return {
    name: options.name ?? "zoom",
    verifier: createZoomVerifier({ secret: secrets, tolerance: options.tolerance }),
    id: ({ payload }) => zoomEventKey(payload),
    type: ({ payload }) => scalarAt(payload, "event"),
    occurredAt: ({ payload }) => numberAt(payload, "event_ts"),
    // Runs only after the verifier accepted the request, which reports the secret that signed it.
    handshake: ({ payload, verification }) =>
      answerUrlValidation(payload, secretThatSigned(secrets, verification.secretIndex)),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

/**
 * The secret at `secretIndex`. A verifier swapped in by the user may not report one; with a single
 * secret configured that can only be it, with several there is no telling (and no answer).
 */
function secretThatSigned(
  secrets: readonly string[],
  secretIndex: number | undefined,
): string | undefined {
  if (secretIndex === undefined) return secrets.length === 1 ? secrets[0] : undefined;
  return secrets[secretIndex];
}

/**
 * The challenge answer, keyed with the secret that signed the request (several during a rotation).
 * @internal
 */
async function answerUrlValidation(
  payload: unknown,
  secret: string | undefined,
): Promise<HandshakeResponse | undefined> {
  const plainToken = urlValidationToken(payload);
  if (plainToken === undefined || secret === undefined) return undefined;
  const encryptedToken = await zoomEncryptedToken(secret, plainToken);
  return {
    status: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ plainToken, encryptedToken }),
  };
}

/** `payload.plainToken` of exactly `{ event: "endpoint.url_validation", payload: { plainToken }, event_ts? }`. */
function urlValidationToken(message: unknown): string | undefined {
  if (typeof message !== "object" || message === null || Array.isArray(message)) return undefined;
  if (pathOf(message, "event") !== "endpoint.url_validation") return undefined;
  if (
    !Object.keys(message).every((key) => key === "event" || key === "payload" || key === "event_ts")
  )
    return undefined;
  const inner = pathOf(message, "payload");
  if (typeof inner !== "object" || inner === null || Object.keys(inner).join() !== "plainToken")
    return undefined;
  const token = pathOf(inner, "plainToken");
  return typeof token === "string" && token !== "" && token.length <= MAX_PLAIN_TOKEN_LENGTH
    ? token
    : undefined;
}

function zoomEventKey(payload: unknown): string | undefined {
  const event = scalarAt(payload, "event");
  const time = scalarAt(payload, "event_ts");
  if (event === undefined || time === undefined) return undefined;
  const account = scalarAt(payload, "payload", "account_id");
  const object =
    scalarAt(payload, "payload", "object", "uuid") ?? scalarAt(payload, "payload", "object", "id");
  return [event, time, account, object].filter((part) => part !== undefined).join(":");
}
