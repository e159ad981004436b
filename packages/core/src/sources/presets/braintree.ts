/**
 * Source preset for Braintree webhooks: a form post of `bt_signature` and `bt_payload`. The
 * payload is parsed into `{ kind, timestamp, xml }` (see braintree-notification.ts); the type is
 * `kind`, the time `timestamp`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createBraintreeVerifier } from "../../verify/braintree.ts";
import type { BraintreeKey } from "../../verify/braintree.ts";
import { fromUtf8, sha256HexSync } from "../../util/bytes.ts";
import { readBraintreeNotification } from "./braintree-notification.ts";
import { stringAt } from "./payload-fields.ts";

/**
 * Options of {@link braintreeSource}.
 * @category Ingest
 */
export interface BraintreeSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The merchant's API key pair; several while rotating. */
  readonly keys: BraintreeKey | readonly BraintreeKey[];
  /** Route name. @default "braintree" */
  readonly name?: string;
  /** Schemas by `kind` (`subscription_charged_successfully`, …), over `{ kind, timestamp, xml }`. */
  readonly schemas?: TSchemas;
}

/**
 * Braintree webhooks. A notification has no id of its own, so the idempotency key is
 * `<kind>:<timestamp>:<SHA-256 of bt_payload>` (a resent notification is the same payload); on a
 * runtime without `node:crypto` the payload text itself replaces its hash.
 * @example
 * const source = braintreeSource({ keys: { publicKey: process.env.BT_PUBLIC_KEY!, privateKey: process.env.BT_PRIVATE_KEY! } });
 * @category Ingest
 */
export function braintreeSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: BraintreeSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "braintree",
    verifier: createBraintreeVerifier({ keys: options.keys }),
    mediaTypes: ["application/x-www-form-urlencoded"],
    parse: (body) => {
      const payload = new URLSearchParams(fromUtf8(body)).get("bt_payload");
      if (payload === null) throw new Error("The form has no `bt_payload`.");
      return readBraintreeNotification(payload);
    },
    id: ({ payload, body }) => {
      const kind = stringAt(payload, "kind");
      const timestamp = stringAt(payload, "timestamp");
      const text = new URLSearchParams(fromUtf8(body)).get("bt_payload");
      if (kind === undefined || timestamp === undefined || text === null) return undefined;
      return `${kind}:${timestamp}:${sha256HexSync(text) ?? text.replaceAll("\n", "")}`;
    },
    type: ({ payload }) => stringAt(payload, "kind"),
    occurredAt: ({ payload }) => {
      const time = Date.parse(stringAt(payload, "timestamp") ?? "");
      return Number.isNaN(time) ? undefined : time;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
