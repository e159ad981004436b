/**
 * Source preset for LINE Messaging API webhooks: one request carries `events[]`; a request of one
 * event takes that event's type, several are type `batch`. The console's "Verify" button posts a
 * signed request with no events: it is answered 200 (after verification) and not stored.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createLineVerifier } from "../../verify/line.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { batchKey } from "./batch-key.ts";
import { numberAt, pathOf, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link lineSource}.
 * @category Ingest
 */
export interface LineSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The channel secret; several while reissuing it. */
  readonly secret: SecretInput;
  /** Route name. @default "line" */
  readonly name?: string;
  /** Schemas by type: the event's `type` (`message`, `follow`, …) or `batch`. */
  readonly schemas?: TSchemas;
}

/**
 * LINE webhooks. The id is the event's `webhookEventId` (kept on redelivery), or a batch key over
 * the first and last events; the time is the first event's `timestamp` (epoch ms).
 * @example
 * const source = lineSource({ secret: process.env.LINE_CHANNEL_SECRET! });
 * @category Ingest
 */
export function lineSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: LineSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "line",
    verifier: createLineVerifier({ secret: options.secret }),
    handshake: ({ payload }) => {
      const events = pathOf(payload, "events");
      return Array.isArray(events) && events.length === 0
        ? { status: 200, headers: {}, body: "" }
        : undefined;
    },
    id: ({ payload }) =>
      batchKey(pathOf(payload, "events"), (event) => stringAt(event, "webhookEventId")),
    type: ({ payload }) => {
      const events = pathOf(payload, "events");
      if (!Array.isArray(events)) return undefined;
      return events.length === 1 ? stringAt(events[0], "type") : "batch";
    },
    occurredAt: ({ payload }) => {
      const events = pathOf(payload, "events");
      return Array.isArray(events) ? numberAt(events[0], "timestamp") : undefined;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
