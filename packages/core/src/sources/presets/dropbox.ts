/**
 * Source preset for Dropbox webhooks: `X-Dropbox-Signature` on notification POSTs, and the GET
 * verification request answered by echoing its `challenge` (text/plain, nosniff).
 */
import type { Source, SourceSchemas } from "../source.ts";
import { createDropboxVerifier } from "../../verify/dropbox.ts";
import type { SecretInput } from "../../verify/secrets.ts";
import { pathOf } from "./payload-fields.ts";
import { acknowledgeWith200, echoableChallenge, plainTextAnswer } from "./plain-text-answer.ts";

/**
 * Options of {@link dropboxSource}.
 * @category Ingest
 */
export interface DropboxSourceOptions<TSchemas extends SourceSchemas = SourceSchemas> {
  /** The app secret; several while changing it. */
  readonly secret: SecretInput;
  /** Answer Dropbox's GET verification request. @default true */
  readonly answerChallenge?: boolean;
  /** Route name. @default "dropbox" */
  readonly name?: string;
  /** Schemas by type: `list_folder` (or `delta` for the legacy shape). */
  readonly schemas?: TSchemas;
}

/**
 * Dropbox notifications say only "these accounts changed, fetch with your cursor": they carry no id
 * and no time, and two notifications for the same accounts are byte-identical. Coalescing them
 * would drop a later change, so every notification gets its own key (a random UUID); Dropbox's
 * retries then arrive as separate events, which a cursor-based fetch absorbs. Answers 200, as
 * Dropbox expects.
 *
 * The GET verification carries no proof by design (it shows Dropbox the endpoint wants
 * notifications); the echo reveals nothing, is bounded, printable only, and served `nosniff`.
 * @example
 * const source = dropboxSource({ secret: process.env.DROPBOX_APP_SECRET! });
 * @category Ingest
 */
export function dropboxSource<const TSchemas extends SourceSchemas = SourceSchemas>(
  options: DropboxSourceOptions<TSchemas>,
): Source<TSchemas> {
  return {
    name: options.name ?? "dropbox",
    verifier: createDropboxVerifier({ secret: options.secret }),
    id: () => crypto.randomUUID(),
    type: ({ payload }) =>
      ["list_folder", "delta"].find((kind) => pathOf(payload, kind) !== undefined),
    acknowledge: acknowledgeWith200,
    ...(options.answerChallenge === false
      ? {}
      : {
          challenge: ({ query }) => {
            const challenge = echoableChallenge(query.get("challenge"));
            return challenge === undefined ? undefined : plainTextAnswer(challenge);
          },
        }),
    ...(options.schemas === undefined ? {} : { schemas: options.schemas }),
  };
}
