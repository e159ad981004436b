/**
 * Source preset for Asana webhooks. Asana's first request to a new webhook is a handshake: a POST
 * with `X-Hook-Secret` and no signature, to be answered 200 with the same header. Anyone can send
 * such a POST, so the preset answers it only when the app opted in with `acceptHandshake`, which
 * sees the secret and decides (typically: "I am creating a webhook right now", then it stores the
 * secret). Every later request must carry `X-Hook-Signature` under a stored secret.
 */
import { ErrorCode, SignatureVerificationError } from "../../errors.ts";
import type { HandshakeResponse, Source, SourceSchemas } from "../source.ts";
import {
  ASANA_HOOK_SECRET_HEADER,
  ASANA_SIGNATURE_HEADER,
  createAsanaVerifier,
  type AsanaSecretSource,
} from "../../verify/asana.ts";
import { EMPTY_VERIFICATION, type SignatureVerifier } from "../../verify/signature-scheme.ts";
import { fromUtf8 } from "../../util/bytes.ts";
import { batchKey } from "./batch-key.ts";
import { dateAt, pathOf, stringAt } from "./payload-fields.ts";
import { scalarAt } from "./scalar-field.ts";

/**
 * What {@link AsanaSourceOptions.acceptHandshake} sees.
 * @category Ingest
 */
export interface AsanaHandshake {
  /** The `X-Hook-Secret` Asana sent: store it, it verifies every later event of this webhook. */
  readonly secret: string;
  /** The handshake request's headers. */
  readonly headers: Headers;
}

/**
 * Options of {@link asanaSource}.
 * @category Ingest
 */
export interface AsanaSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The stored hook secret(s), or a function returning them per request (see {@link AsanaSecretSource}). */
  readonly secret: AsanaSecretSource;
  /**
   * Decides a handshake: resolve `true` (after storing `secret`) to answer 200 with the secret
   * echoed, `false` to refuse (401). Return `true` only while you are creating a webhook through
   * `POST /webhooks`, or a stranger could make you trust their secret. Without it every handshake
   * is refused (401).
   * @default undefined
   */
  readonly acceptHandshake?: (handshake: AsanaHandshake) => boolean | Promise<boolean>;
  /** Route name. @default "asana" */
  readonly name?: string;
  /** Schemas by `<resource_type>.<action>` of the first event (`task.changed`, …), or `heartbeat`. */
  readonly schemas?: TSchemas;
}

const MAX_HOOK_SECRET = /^[\x21-\x7e]{1,512}$/;

/**
 * Asana webhooks. Events carry no id: the key joins each event's `created_at`, `action`, resource
 * and user (batch-style); an empty `events` list is a heartbeat (type `heartbeat`).
 * @example
 * const source = asanaSource({
 *   secret: () => secrets.get("asana"),
 *   acceptHandshake: async ({ secret }) => pending.has("asana") && (await secrets.set("asana", secret), true),
 * });
 * @category Ingest
 */
export function asanaSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: AsanaSourceOptions<TSchemas>,
): Source<TSchemas> {
  const signed = createAsanaVerifier({ secret: options.secret });
  const accept = options.acceptHandshake;
  return {
    name: options.name ?? "asana",
    verifier: handshakeAwareVerifier(signed, accept !== undefined),
    // The handshake may come without a Content-Type or body.
    mediaTypes: ["*/*"],
    parse: (body) => (body.length === 0 ? {} : (JSON.parse(fromUtf8(body)) as unknown)),
    id: ({ payload }) => {
      const events = pathOf(payload, "events");
      if (Array.isArray(events) && events.length === 0) return "heartbeat";
      return batchKey(events, eventKey);
    },
    type: ({ payload }) => {
      const events = pathOf(payload, "events");
      if (!Array.isArray(events)) return undefined;
      if (events.length === 0) return "heartbeat";
      const resource = stringAt(events[0], "resource", "resource_type");
      const action = stringAt(events[0], "action");
      return resource === undefined || action === undefined ? undefined : `${resource}.${action}`;
    },
    occurredAt: ({ payload }) => {
      const events = pathOf(payload, "events");
      return Array.isArray(events) ? dateAt(events[0], "created_at") : undefined;
    },
    handshake: async ({ headers }) =>
      isHandshake(headers) && accept !== undefined ? answerHandshake(headers, accept) : undefined,
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function isHandshake(headers: Headers): boolean {
  return headers.has(ASANA_HOOK_SECRET_HEADER) && !headers.has(ASANA_SIGNATURE_HEADER);
}

/** Lets an unsigned handshake through to `handshake` only when the app opted in; signed requests are verified. */
function handshakeAwareVerifier(signed: SignatureVerifier, optedIn: boolean): SignatureVerifier {
  return {
    scheme: "asana",
    verify(request) {
      if (!isHandshake(request.headers)) return signed.verify(request);
      if (optedIn) return Promise.resolve(EMPTY_VERIFICATION);
      return Promise.reject(
        new SignatureVerificationError(
          ErrorCode.SIGNATURE_MISSING,
          "An Asana handshake (`X-Hook-Secret`) arrived, but this source does not accept handshakes: set `acceptHandshake`.",
        ),
      );
    },
  };
}

async function answerHandshake(
  headers: Headers,
  accept: (handshake: AsanaHandshake) => boolean | Promise<boolean>,
): Promise<HandshakeResponse> {
  const secret = headers.get(ASANA_HOOK_SECRET_HEADER) ?? "";
  if (!MAX_HOOK_SECRET.test(secret) || !(await accept(Object.freeze({ secret, headers })))) {
    throw new SignatureVerificationError(
      ErrorCode.SIGNATURE_MISMATCH,
      "The Asana handshake was refused: no webhook creation is expected.",
    );
  }
  return { status: 200, headers: { [ASANA_HOOK_SECRET_HEADER]: secret }, body: "" };
}

function eventKey(event: unknown): string | undefined {
  const parts = [
    scalarAt(event, "created_at"),
    scalarAt(event, "action"),
    scalarAt(event, "resource", "gid"),
  ];
  if (parts.includes(undefined)) return undefined;
  const user = scalarAt(event, "user", "gid");
  return [...parts, ...(user === undefined ? [] : [user])].join(":");
}
