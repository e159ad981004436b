/** Source preset for Intercom: id `id` (`notif_…`), type `topic`, time `created_at` (unix seconds). */
import type { Source, SourceSchemas } from "../source.ts";
import { createIntercomVerifier } from "../../verify/intercom.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { numberAt, stringAt } from "./payload-fields.ts";

/**
 * Options of {@link intercomSource}.
 * @category Ingest
 */
export interface IntercomSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The app's client secret; several while changing it. */
  readonly secret: SecretInput;
  /** Route name. @default "intercom" */
  readonly name?: string;
  /** Schemas by topic (`conversation.user.created`, …). */
  readonly schemas?: TSchemas;
}

/**
 * Intercom webhooks.
 * @example
 * const source = intercomSource({ secret: process.env.INTERCOM_CLIENT_SECRET! });
 * @category Ingest
 */
export function intercomSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: IntercomSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "intercom",
    verifier: createIntercomVerifier({ secret: options.secret }),
    id: ({ payload }) => stringAt(payload, "id"),
    type: ({ payload }) => stringAt(payload, "topic"),
    occurredAt: ({ payload }) => {
      const created = numberAt(payload, "created_at");
      return created === undefined ? undefined : created * 1000;
    },
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
