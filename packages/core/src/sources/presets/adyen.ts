/**
 * Source preset for Adyen standard webhooks. A request of one notification item takes its
 * `eventCode` (`AUTHORISATION`, `REFUND`, …) as type; several are type `batch`. Adyen is answered
 * `[accepted]`, the body its docs ask for.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createAdyenVerifier } from "../../verify/adyen.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { batchKey } from "./batch-key.ts";
import { dateAt, pathOf, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link adyenSource}.
 * @category Ingest
 */
export interface AdyenSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook's HMAC key (hex); several while rotating. */
  readonly hmacKey: SecretInput;
  /** Route name. @default "adyen" */
  readonly name?: string;
  /** Schemas by type: the item's `eventCode`, or `batch`. */
  readonly schemas?: TSchemas;
}

/**
 * Adyen webhooks. The id is `<pspReference>:<eventCode>:<success>` (Adyen's own dedupe rule: the
 * same event is resent with these fields unchanged), or a batch key; the time is `eventDate`.
 * @example
 * const source = adyenSource({ hmacKey: process.env.ADYEN_HMAC_KEY! });
 * @category Ingest
 */
export function adyenSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: AdyenSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "adyen",
    verifier: createAdyenVerifier({ hmacKey: options.hmacKey }),
    id: ({ payload }) => batchKey(items(payload), itemKey),
    type: ({ payload }) => {
      const list = items(payload);
      if (list.length === 0) return undefined;
      return list.length === 1 ? stringAt(list[0], "eventCode") : "batch";
    },
    occurredAt: ({ payload }) => dateAt(items(payload)[0], "eventDate"),
    acknowledge: () => ({
      status: 200,
      headers: { "content-type": "text/plain" },
      body: "[accepted]",
    }),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function items(payload: unknown): unknown[] {
  const list = pathOf(payload, "notificationItems");
  return Array.isArray(list) ? list.map((entry) => pathOf(entry, "NotificationRequestItem")) : [];
}

function itemKey(item: unknown): string | undefined {
  const psp = stringAt(item, "pspReference");
  const code = stringAt(item, "eventCode");
  return psp === undefined || code === undefined
    ? undefined
    : `${psp}:${code}:${stringAt(item, "success") ?? ""}`;
}
