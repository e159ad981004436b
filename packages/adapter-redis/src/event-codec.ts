import type {
  AttemptRecord,
  DeliveryRecord,
  DeliveryState,
  DeliveryStatus,
  EventError,
  EventRecord,
  EventStatus,
  EventSummary,
} from "@hookwise/core";
import { isUtf8 } from "node:buffer";

/*
 * One event is one hash. Fields: `meta` (JSON of the fields that never change), `fp`, `status`,
 * `updatedAt`, `headers` (JSON), `body` (the raw bytes, never decoded), `seq`, `error` (JSON, when
 * set), `nonce` (intake only), `order` (JSON array of delivery ids) and four fields per delivery
 * (see lua/deliveries.ts). Reading a delivery asks for named fields only, so the body never travels.
 */

/** What `meta` holds. */
interface Meta {
  readonly id: string;
  readonly source: string;
  readonly type: string;
  readonly idempotencyKey: string;
  readonly receivedAt: number;
  readonly occurredAt?: number;
}

/** The record as hash field/value pairs (without `seq`, which the script assigns). @internal */
export function recordFields(record: EventRecord, nonce?: string): (string | Buffer)[] {
  const meta: Meta = {
    id: record.id,
    source: record.source,
    type: record.type,
    idempotencyKey: record.idempotencyKey,
    receivedAt: record.receivedAt,
    ...(record.occurredAt === undefined ? {} : { occurredAt: record.occurredAt }),
  };
  const fields: (string | Buffer)[] = [
    "meta",
    JSON.stringify(meta),
    "fp",
    record.fingerprint,
    "status",
    record.status,
    "updatedAt",
    String(record.updatedAt),
    "headers",
    JSON.stringify(record.headers),
    "body",
    bodyArgument(record.body),
  ];
  if (record.error !== undefined) fields.push("error", JSON.stringify(record.error));
  if (nonce !== undefined) fields.push("nonce", nonce);
  if (record.deliveries.length > 0) {
    fields.push("order", JSON.stringify(record.deliveries.map((delivery) => delivery.id)));
    for (const delivery of record.deliveries) fields.push(...deliveryFields(delivery));
  }
  return fields;
}

/**
 * The raw body as a command argument, stored byte for byte either way. Valid UTF-8 (nearly every
 * webhook) goes as the string it decodes to, because ioredis writes an all-string command as one
 * string; a single `Buffer` argument makes it assemble the command from parts instead, which cost
 * about 10 µs per intake (docs/benchmarks.md). Any other bytes go as they are.
 */
function bodyArgument(body: Uint8Array): string | Buffer {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return isUtf8(bytes) ? bytes.toString("utf8") : bytes;
}

/** The four hash fields of one delivery, as pairs. @internal */
export function deliveryFields(delivery: DeliveryRecord): string[] {
  const { id } = delivery;
  return [
    `n:${id}`,
    delivery.destination,
    `s:${id}`,
    delivery.status,
    `d:${id}`,
    JSON.stringify({ transformer: delivery.transformer, output: delivery.output }),
    `a:${id}`,
    JSON.stringify(delivery.attempts),
  ];
}

/** A record from its hash (field → bytes); `undefined` for an empty hash. @internal */
export function decodeRecord(hash: ReadonlyMap<string, Buffer>): EventRecord | undefined {
  const text = (field: string): string | undefined => hash.get(field)?.toString("utf8");
  const summary = decodeSummary(text);
  if (summary === undefined) return undefined;
  const body = hash.get("body") ?? Buffer.alloc(0);
  const order = text("order");
  const deliveries =
    order === undefined
      ? []
      : (JSON.parse(order) as string[]).map((id) =>
          decodeDelivery(id, text(`n:${id}`), text(`s:${id}`), text(`d:${id}`), text(`a:${id}`)),
        );
  // The summary is this call's own object: completed in place rather than spread into a new one.
  const record = summary as Mutable<EventSummary> & Partial<Mutable<EventRecord>>;
  record.headers = JSON.parse(text("headers") ?? "{}") as Record<string, string>;
  // A copy in a plain Uint8Array: never a view of a pooled Buffer.
  record.body = new Uint8Array(body);
  record.deliveries = deliveries;
  return record as EventRecord;
}

/** The summary fields, read through `text`; `undefined` when the record is not there. @internal */
export function decodeSummary(
  text: (field: string) => string | undefined,
): EventSummary | undefined {
  const metaText = text("meta");
  if (metaText === undefined) return undefined;
  const meta = JSON.parse(metaText) as Meta;
  const error = text("error");
  // Field by field, not by spreading: a spread costs microseconds on Node 20, once per job.
  const summary: Mutable<EventSummary> = {
    id: meta.id,
    source: meta.source,
    type: meta.type,
    idempotencyKey: meta.idempotencyKey,
    receivedAt: meta.receivedAt,
    fingerprint: text("fp") ?? "",
    updatedAt: Number(text("updatedAt")),
    status: text("status") as EventStatus,
  };
  if (meta.occurredAt !== undefined) summary.occurredAt = meta.occurredAt;
  if (error !== undefined) summary.error = JSON.parse(error) as EventError;
  return summary;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One delivery from its four fields. @internal */
export function decodeDelivery(
  id: string,
  destination: string | undefined,
  status: string | undefined,
  data: string | undefined,
  attempts: string | undefined,
): DeliveryRecord {
  const { transformer, output } = JSON.parse(data ?? "{}") as {
    transformer: string;
    output: unknown;
  };
  return {
    id,
    destination: destination ?? "",
    transformer,
    status: (status ?? "pending") as DeliveryStatus,
    output,
    attempts: JSON.parse(attempts ?? "[]") as AttemptRecord[],
  };
}

/** `HGETALL` as a flat list of byte strings → field map. @internal */
export function hashFromPairs(pairs: readonly Buffer[]): Map<string, Buffer> {
  const hash = new Map<string, Buffer>();
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const field = pairs[i];
    const value = pairs[i + 1];
    if (field !== undefined && value !== undefined) hash.set(field.toString("utf8"), value);
  }
  return hash;
}

/** The states a delivery script answers (flat id, destination, status triples). @internal */
export function decodeStates(flat: readonly unknown[]): DeliveryState[] {
  const states: DeliveryState[] = [];
  for (let i = 0; i + 2 < flat.length; i += 3) {
    states.push({
      id: String(flat[i]),
      destination: String(flat[i + 1]),
      status: String(flat[i + 2]) as DeliveryStatus,
    });
  }
  return states;
}
