/**
 * Source preset for Pusher Channels webhooks: `{ time_ms, events[] }`; a webhook of one event takes
 * its `name` (`channel_occupied`, `member_added`, …) as type, several are type `batch`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createPusherVerifier } from "../../verify/pusher.ts";
import type { PusherCredentials } from "../../verify/pusher.ts";
import { batchKey } from "./batch-key.ts";
import { numberAt, pathOf, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link pusherSource}.
 * @category Ingest
 */
export interface PusherSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The app's `{ key, secret }`, or several apps'. */
  readonly credentials: PusherCredentials | readonly PusherCredentials[];
  /** Route name. @default "pusher" */
  readonly name?: string;
  /** Schemas by type: the event `name` or `batch`. */
  readonly schemas?: TSchemas;
}

/**
 * Pusher webhooks. Pusher sends no event id, so the id is `time_ms` plus the events' name, channel
 * and user (the same bytes on a retry give the same id); the time is `time_ms`.
 * @example
 * const source = pusherSource({ credentials: { key: process.env.PUSHER_KEY!, secret: process.env.PUSHER_SECRET! } });
 * @category Ingest
 */
export function pusherSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: PusherSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "pusher",
    verifier: createPusherVerifier({ credentials: options.credentials }),
    id: ({ payload }) => {
      const time = numberAt(payload, "time_ms");
      const events = batchKey(pathOf(payload, "events"), eventKey);
      return time === undefined || events === undefined ? undefined : `${time}:${events}`;
    },
    type: ({ payload }) => {
      const events = pathOf(payload, "events");
      if (!Array.isArray(events) || events.length === 0) return undefined;
      return events.length === 1 ? stringAt(events[0], "name") : "batch";
    },
    occurredAt: ({ payload }) => numberAt(payload, "time_ms"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function eventKey(event: unknown): string | undefined {
  const name = stringAt(event, "name");
  return name === undefined
    ? undefined
    : [name, stringAt(event, "channel") ?? "", stringAt(event, "user_id") ?? ""].join("/");
}
