/**
 * Source preset for Intuit QuickBooks Online webhooks, in both payload formats: the CloudEvents
 * array (`[{ specversion, id, type, time, … }]`) and the legacy `{ eventNotifications: [...] }`.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createIntuitVerifier } from "../../verify/intuit.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { batchKey } from "./batch-key.ts";
import { dateAt, pathOf, stringAt } from "./payload-fields.ts";
import { scalarAt } from "./scalar-field.ts";
import { acknowledgeWith200 } from "./plain-text-answer.ts";

/**
 * Options of {@link intuitSource}.
 * @category Ingest
 */
export interface IntuitSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The webhook Verifier Token; several while regenerating it. */
  readonly secret: SecretInput;
  /** Route name. @default "intuit" */
  readonly name?: string;
  /** Schemas by CloudEvents `type` (`qbo.invoice.created.v1`) or legacy `<Entity>.<Operation>` (`Customer.Create`). */
  readonly schemas?: TSchemas;
}

/**
 * QuickBooks webhooks. CloudEvents: the key comes from the events' `id`s, the type and time from the
 * first event. Legacy: the key joins realm, entity, id, operation and `lastUpdated` of each change.
 * Answers 200, as Intuit expects.
 * @example
 * const source = intuitSource({ secret: process.env.INTUIT_VERIFIER_TOKEN! });
 * @category Ingest
 */
export function intuitSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: IntuitSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "intuit",
    verifier: createIntuitVerifier({ secret: options.secret }),
    id: ({ payload }) =>
      Array.isArray(payload)
        ? batchKey(payload, (event) => scalarAt(event, "id"))
        : batchKey(legacyChanges(payload), (change) => change as string | undefined),
    type: ({ payload }) => {
      if (Array.isArray(payload)) return stringAt(payload[0], "type");
      const entity = firstEntity(payload);
      const name = stringAt(entity, "name");
      const operation = stringAt(entity, "operation");
      return name === undefined || operation === undefined ? undefined : `${name}.${operation}`;
    },
    occurredAt: ({ payload }) =>
      Array.isArray(payload)
        ? dateAt(payload[0], "time")
        : dateAt(firstEntity(payload), "lastUpdated"),
    acknowledge: acknowledgeWith200,
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function notifications(payload: unknown): unknown[] {
  const list = pathOf(payload, "eventNotifications");
  return Array.isArray(list) ? list : [];
}

function entitiesOf(notification: unknown): unknown[] {
  const list = pathOf(notification, "dataChangeEvent", "entities");
  return Array.isArray(list) ? list : [];
}

function firstEntity(payload: unknown): unknown {
  return entitiesOf(notifications(payload)[0])[0];
}

/** One key per changed entity: `realm:Entity:id:Operation:lastUpdated`. */
function legacyChanges(payload: unknown): (string | undefined)[] {
  return notifications(payload).flatMap((notification) =>
    entitiesOf(notification).map((entity) => {
      const parts = [
        scalarAt(notification, "realmId"),
        ...["name", "id", "operation", "lastUpdated"].map((field) => scalarAt(entity, field)),
      ];
      return parts.includes(undefined) ? undefined : parts.join(":");
    }),
  );
}
