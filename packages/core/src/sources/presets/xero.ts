/**
 * Source preset for Xero webhooks. Xero wants `200` with no body for every correctly signed
 * request and `401` for every incorrectly signed one, including the "intent to receive" validation
 * (signed payloads with `events: []`): the verifier answers 401, the handshake answers the
 * validation with an empty 200, and `acknowledge` answers stored events with an empty 200.
 */
import type { HandshakeResponse, Source, SourceSchemas } from "../source.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { createXeroVerifier } from "../../verify/xero.ts";
import { batchKey } from "./batch-key.ts";
import { dateAt, pathOf, stringAt } from "./payload-fields.ts";
import { scalarAt } from "./scalar-field.ts";

/**
 * Options of {@link xeroSource}.
 * @category Ingest
 */
export interface XeroSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook key from the app's Webhooks page; several while regenerating it. */
  readonly secret: SecretInput;
  /** Route name. @default "xero" */
  readonly name?: string;
  /** Schemas by `<eventCategory>.<eventType>` of the first event: `INVOICE.UPDATE`, `CONTACT.CREATE`, … */
  readonly schemas?: TSchemas;
}

const EMPTY_200: HandshakeResponse = Object.freeze({ status: 200, headers: {}, body: "" });

/**
 * Xero webhooks: a batch of events with sequence numbers. The key joins the sequence range with the
 * events' resource, time and type (Xero has no event id); the time is the first `eventDateUtc`.
 * @example
 * const source = xeroSource({ secret: process.env.XERO_WEBHOOK_KEY! });
 * @category Ingest
 */
export function xeroSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: XeroSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "xero",
    verifier: createXeroVerifier({ secret: options.secret }),
    id: ({ payload }) => {
      const key = batchKey(pathOf(payload, "events"), eventKey);
      if (key === undefined) return undefined;
      const first = scalarAt(payload, "firstEventSequence");
      const last = scalarAt(payload, "lastEventSequence");
      return first === undefined || last === undefined ? key : `${first}-${last}:${key}`;
    },
    type: ({ payload }) => {
      const event = firstEvent(payload);
      const category = stringAt(event, "eventCategory");
      const type = stringAt(event, "eventType");
      return category === undefined || type === undefined ? undefined : `${category}.${type}`;
    },
    occurredAt: ({ payload }) => dateAt(firstEvent(payload), "eventDateUtc"),
    // Runs only after the signature verified: a correctly signed "intent to receive" validation.
    handshake: ({ payload }) => {
      const events = pathOf(payload, "events");
      return Array.isArray(events) && events.length === 0 ? EMPTY_200 : undefined;
    },
    acknowledge: () => EMPTY_200,
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function firstEvent(payload: unknown): unknown {
  const events = pathOf(payload, "events");
  return Array.isArray(events) ? (events[0] as unknown) : undefined;
}

function eventKey(event: unknown): string | undefined {
  const parts = ["tenantId", "eventCategory", "resourceId", "eventDateUtc", "eventType"].map(
    (field) => scalarAt(event, field),
  );
  return parts.includes(undefined) ? undefined : parts.join(":");
}
