/**
 * Source preset for Mailgun: the signature lives in the body, so the token Mailgun generates per
 * delivery (`signature.token`, or the `token` field of legacy form posts) is the idempotency key.
 * Mailgun signs only timestamp + token, so deduplicating on the token is what stops a replay.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createMailgunVerifier } from "../../verify/mailgun.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { parseFormOrJson } from "./form-or-json.ts";
import { numberAt, pathOf, stringAt } from "./payload-fields.ts";

/** Options of {@link mailgunSource}. */
export interface MailgunSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The HTTP webhook signing key (not the API key); several while rotating. */
  readonly secret: SecretInput;
  /** Accepted distance of the signed timestamp from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Route name. @default "mailgun" */
  readonly name?: string;
  /** Schemas by event (`delivered`, `failed`, `opened`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Mailgun webhooks (JSON, or legacy form posts): id = the signature token, type = `event-data.event`
 * (form: `event`), time = `event-data.timestamp`.
 * @example
 * const source = mailgunSource({ secret: process.env.MAILGUN_WEBHOOK_SIGNING_KEY! });
 * @category Ingest
 */
export function mailgunSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: MailgunSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "mailgun",
    verifier: createMailgunVerifier({ secret: options.secret, tolerance: options.tolerance }),
    mediaTypes: ["application/json", "application/x-www-form-urlencoded"],
    parse: parseFormOrJson,
    id: ({ payload }) => stringAt(payload, "signature", "token") ?? formField(payload, "token"),
    type: ({ payload }) => stringAt(payload, "event-data", "event") ?? formField(payload, "event"),
    occurredAt: ({ payload }) => {
      const seconds = numberAt(payload, "event-data", "timestamp");
      return seconds === undefined ? undefined : Math.round(seconds * 1000);
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

/** A single-valued field of a legacy form post (a repeated one is ambiguous). */
function formField(payload: unknown, name: string): string | undefined {
  const value = pathOf(payload, name);
  return typeof value === "string" && value !== "" ? value : undefined;
}
