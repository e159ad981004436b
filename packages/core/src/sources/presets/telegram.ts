/**
 * Source preset for Telegram Bot API webhooks: the secret token header, `update_id` as the key, the
 * update's kind (`message`, `callback_query`, …) as the type.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createTelegramVerifier } from "../../verify/telegram.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { numberAt, pathOf } from "./payload-fields.ts";
import { scalarAt } from "./scalar-field.ts";

/**
 * Options of {@link telegramSource}.
 * @category Ingest
 */
export interface TelegramSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The `secret_token` given to `setWebhook`; several while changing it. */
  readonly secret: SecretInput;
  /** Route name. @default "telegram" */
  readonly name?: string;
  /** Schemas by update kind: `message`, `edited_message`, `callback_query`, `inline_query`, … */
  readonly schemas?: TSchemas;
}

/**
 * Telegram updates. The type is the one optional field an Update carries besides `update_id`; the
 * time is its `date` (seconds), where it has one.
 * @example
 * const source = telegramSource({ secret: process.env.TELEGRAM_WEBHOOK_SECRET! });
 * @category Ingest
 */
export function telegramSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: TelegramSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "telegram",
    verifier: createTelegramVerifier({ secret: options.secret }),
    id: ({ payload }) => scalarAt(payload, "update_id"),
    type: ({ payload }) => updateKind(payload),
    occurredAt: ({ payload }) => {
      const kind = updateKind(payload);
      const seconds = kind === undefined ? undefined : numberAt(pathOf(payload, kind), "date");
      return seconds === undefined ? undefined : seconds * 1000;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function updateKind(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return undefined;
  return Object.keys(payload).find((key) => key !== "update_id");
}
