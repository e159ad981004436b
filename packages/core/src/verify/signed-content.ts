/**
 * What an HMAC scheme signs, as a template such as `"{id}.{timestamp}.{body}"` or a function.
 */
import { ConfigurationError } from "../errors.ts";
import type { HmacParts } from "./hmac.ts";

/**
 * The values a signed-content template can use.
 * @category Verification
 */
export interface SignedFields {
  /** The exact raw body. */
  readonly body: Uint8Array;
  /** The timestamp text as received (canonical digits) or as signed; `""` when the scheme has none. */
  readonly timestamp: string;
  /** The message id; `""` when the scheme has none. */
  readonly id: string;
  /** The full request URL. */
  readonly url: string;
  /** The HTTP method, upper-case. */
  readonly method: string;
}

/**
 * A template with `{body}`, `{timestamp}`, `{id}`, `{url}` and `{method}` placeholders (everything
 * else is literal), or a function returning the pieces to sign in order.
 * @example
 * "v0:{timestamp}:{body}" // Slack
 * @category Verification
 */
export type SignedContent = string | ((fields: SignedFields) => HmacParts);

/**
 * A compiled {@link SignedContent}, with the fields it needs.
 * @category Verification
 */
export interface CompiledSignedContent {
  readonly build: (fields: SignedFields) => HmacParts;
  /** Whether the content includes the timestamp (so a timestamp must be present and checked). */
  readonly usesTimestamp: boolean;
  /** Whether the content includes the message id. */
  readonly usesId: boolean;
}

const PLACEHOLDER = /\{([a-z]+)\}/g;
const FIELDS = new Set(["body", "timestamp", "id", "url", "method"]);

/**
 * Compiles a template once. A function is used as is and is assumed to use every field it is given.
 * @throws ConfigurationError on an unknown placeholder.
 * @category Verification
 */
export function compileSignedContent(
  content: SignedContent,
  optionName: string,
): CompiledSignedContent {
  if (typeof content === "function") return { build: content, usesTimestamp: true, usesId: true };
  const pieces: Piece[] = [];
  const used = new Set<string>();
  let last = 0;
  for (const match of content.matchAll(PLACEHOLDER)) {
    const field = match[1] ?? "";
    if (!FIELDS.has(field)) {
      throw new ConfigurationError(
        `\`${optionName}\` uses an unknown placeholder; allowed: {body}, {timestamp}, {id}, {url}, {method}.`,
      );
    }
    if (match.index > last) pieces.push({ literal: content.slice(last, match.index) });
    pieces.push({ field: field as keyof SignedFields });
    used.add(field);
    last = match.index + match[0].length;
  }
  if (last < content.length) pieces.push({ literal: content.slice(last) });
  return {
    build: compileTemplate(pieces),
    usesTimestamp: used.has("timestamp"),
    usesId: used.has("id"),
  };
}

type Piece =
  | { readonly literal: string; readonly field?: never }
  | { readonly field: keyof SignedFields; readonly literal?: never };

function compileTemplate(pieces: readonly Piece[]): (fields: SignedFields) => HmacParts {
  // The most common template signs the body alone: skip the piece loop on every request.
  if (pieces.length === 1 && pieces[0]?.field === "body") return (fields) => [fields.body];
  // Text around the body is joined per request so the HMAC sees at most a few updates.
  return (fields) => {
    const out: (string | Uint8Array)[] = [];
    let text = "";
    for (const piece of pieces) {
      if (piece.literal !== undefined) text += piece.literal;
      else if (piece.field === "body") {
        if (text !== "") out.push(text);
        out.push(fields.body);
        text = "";
      } else text += fields[piece.field];
    }
    if (text !== "") out.push(text);
    return out;
  };
}
