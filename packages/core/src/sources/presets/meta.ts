/**
 * Source preset for Meta webhooks (WhatsApp Business Platform, Instagram, Messenger, Graph API
 * objects): `X-Hub-Signature-256` on every POST, and the GET verification request answered with
 * `hub.challenge` (text/plain) when `verifyToken` is set and matches.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createMetaVerifier } from "../../verify/meta.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { createTokenMatcher } from "../../verify/verify-token.ts";
import { batchKey } from "./batch-key.ts";
import { verifiedHubChallenge } from "./hub-challenge.ts";
import { numberAt, pathOf, stringAt } from "./payload-fields.ts";
import { acknowledgeWith200, plainTextAnswer } from "./plain-text-answer.ts";
import { scalarAt } from "./scalar-field.ts";

/**
 * Options of {@link metaSource}.
 * @category Ingest
 */
export interface MetaSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The app secret that signs `X-Hub-Signature-256`; several while resetting it. */
  readonly secret: SecretInput;
  /**
   * The verify token entered with the callback URL in the App Dashboard; several while changing it.
   * Without it the GET verification request is not answered (405).
   * @default undefined
   */
  readonly verifyToken?: SecretInput;
  /** Route name. @default "meta" */
  readonly name?: string;
  /** Schemas by `<object>.<field>`: `whatsapp_business_account.messages`, `page.messaging`, `instagram.messaging`, … */
  readonly schemas?: TSchemas;
}

/**
 * Meta webhooks. Meta sends no event id: the key joins the `object` with each entry's `id`, `time`
 * and first message id (WhatsApp `wamid`, Messenger `mid`), batch-style. The type is
 * `<object>.<field>` of the first entry (`messaging` for Messenger-style entries). Answers 200, as
 * Meta expects.
 * @example
 * const source = metaSource({ secret: process.env.META_APP_SECRET!, verifyToken: process.env.META_VERIFY_TOKEN! });
 * @category Ingest
 */
export function metaSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: MetaSourceOptions<TSchemas>,
): Source<TSchemas> {
  const tokens =
    options.verifyToken === undefined
      ? undefined
      : createTokenMatcher(options.verifyToken, "verifyToken");
  return {
    name: options.name ?? "meta",
    verifier: createMetaVerifier({ secret: options.secret }),
    id: ({ payload }) => {
      const object = stringAt(payload, "object");
      const key = batchKey(pathOf(payload, "entry"), entryKey);
      return object === undefined || key === undefined ? undefined : `${object}:${key}`;
    },
    type: ({ payload }) => {
      const object = stringAt(payload, "object");
      const entry = firstOf(pathOf(payload, "entry"));
      const field = Array.isArray(pathOf(entry, "messaging"))
        ? "messaging"
        : stringAt(firstOf(pathOf(entry, "changes")), "field");
      return object === undefined || field === undefined ? undefined : `${object}.${field}`;
    },
    occurredAt: ({ payload }) => epochMs(numberAt(firstOf(pathOf(payload, "entry")), "time")),
    acknowledge: acknowledgeWith200,
    ...(tokens === undefined
      ? {}
      : {
          challenge: async (request) => {
            const challenge = await verifiedHubChallenge(request, tokens);
            return challenge === undefined ? undefined : plainTextAnswer(challenge);
          },
        }),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function entryKey(entry: unknown): string | undefined {
  const id = scalarAt(entry, "id");
  if (id === undefined) return undefined;
  const change = pathOf(firstOf(pathOf(entry, "changes")), "value");
  const inner =
    scalarAt(firstOf(pathOf(change, "messages")), "id") ??
    scalarAt(firstOf(pathOf(change, "statuses")), "id") ??
    scalarAt(firstOf(pathOf(entry, "messaging")), "message", "mid") ??
    scalarAt(firstOf(pathOf(entry, "messaging")), "timestamp");
  return [id, scalarAt(entry, "time"), inner].filter((part) => part !== undefined).join(":");
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? (value[0] as unknown) : undefined;
}

/** Graph API entries carry `time` in seconds, Messenger's in milliseconds. */
function epochMs(time: number | undefined): number | undefined {
  if (time === undefined) return undefined;
  return time > 100_000_000_000 ? time : time * 1000;
}
