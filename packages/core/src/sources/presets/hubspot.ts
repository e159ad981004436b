/**
 * Source preset for HubSpot webhooks (v3 signatures). HubSpot posts a JSON array of up to 100
 * events; the whole batch is one hookwise event of type `batch`. Workflow actions and CRM cards post
 * a single object instead.
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createHubSpotVerifier, type HubSpotSignatureVersion } from "../../verify/hubspot.ts";
import type { PublicUrl } from "../../verify/public-url.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import type { TimestampTolerance } from "../../verify/timestamp.ts";
import { batchKey } from "./batch-key.ts";
import { scalarAt } from "./scalar-field.ts";
import { numberAt, stringAt } from "./payload-fields.ts";

/** Options of {@link hubspotSource}. */
export interface HubSpotSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The app's client secret; several while rotating. */
  readonly secret: SecretInput;
  /** The URL as HubSpot requested it, behind a proxy (an origin string or a function). @default the request URL */
  readonly publicUrl?: PublicUrl;
  /** Accepted distance of `X-HubSpot-Request-Timestamp` from now, seconds. @default { pastSeconds: 300, futureSeconds: 300 } */
  readonly tolerance?: Partial<TimestampTolerance>;
  /** Signature versions accepted (v1/v2 are replayable: only for endpoints that receive nothing newer). @default ["v3"] */
  readonly versions?: readonly HubSpotSignatureVersion[];
  /** Route name. @default "hubspot" */
  readonly name?: string;
  /** Schemas by type: `batch` for the webhook array, else the object's `subscriptionType`. */
  readonly schemas?: TSchemas;
}

/**
 * HubSpot requests. A batch's id is built from its events' `subscriptionId`, `eventId` and
 * `occurredAt` (HubSpot does not promise `eventId` alone is unique); its time is the first event's.
 * @example
 * const source = hubspotSource({ secret: process.env.HUBSPOT_CLIENT_SECRET!, publicUrl: "https://hooks.example.com" });
 * @category Ingest
 */
export function hubspotSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: HubSpotSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "hubspot",
    verifier: createHubSpotVerifier({
      secret: options.secret,
      publicUrl: options.publicUrl,
      tolerance: options.tolerance,
      versions: options.versions,
    }),
    id: ({ payload }) =>
      Array.isArray(payload)
        ? batchKey(payload, eventKey)
        : (stringAt(payload, "callbackId") ?? eventKey(payload)),
    type: ({ payload }) =>
      Array.isArray(payload) ? "batch" : stringAt(payload, "subscriptionType"),
    occurredAt: ({ payload }) =>
      numberAt(Array.isArray(payload) ? (payload[0] as unknown) : payload, "occurredAt"),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}

function eventKey(event: unknown): string | undefined {
  const parts = [
    scalarAt(event, "subscriptionId"),
    scalarAt(event, "eventId"),
    scalarAt(event, "occurredAt"),
  ];
  return parts.every((part) => part !== undefined) ? parts.join("-") : undefined;
}
