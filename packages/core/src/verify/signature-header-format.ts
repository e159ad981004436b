/**
 * How a signature header is laid out: a bare value, a prefixed value (`sha256=<hex>`), a list
 * (`v1,<sig> v1,<sig>`), or key/value pairs carrying the timestamp too (`t=<s>,v1=<hex>,v1=<hex>`).
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";

/**
 * What a {@link SignatureHeaderFormat} found in a header value.
 * @category Verification
 */
export interface ParsedSignatureHeader {
  /** Encoded signatures (prefix removed) in header order. Empty when none has the expected label. */
  readonly signatures: readonly string[];
  /** A timestamp carried in the same header (Stripe's `t=`), as text. */
  readonly timestamp?: string | undefined;
}

/**
 * Parses and writes one signature header layout. `parse` may throw a `SignatureVerificationError`
 * (`SIGNATURE_MALFORMED`) for a header that cannot be read.
 * @category Verification
 */
export interface SignatureHeaderFormat {
  parse(value: string): ParsedSignatureHeader;
  format(signatures: readonly string[], timestamp: string | undefined): string;
}

/**
 * Options of {@link listSignatureFormat}.
 * @category Verification
 */
export interface ListSignatureFormatOptions {
  /** Label before each signature, e.g. `sha256=` or `v1,`. Entries without it are skipped. @default "" */
  readonly prefix?: string;
  /** Separator between several signatures, e.g. `" "`; `undefined` means one signature per header. @default undefined */
  readonly separator?: string;
}

/**
 * A header holding one signature, or several separated by `separator`, each behind `prefix`.
 * @example
 * listSignatureFormat({ prefix: "v1,", separator: " " }); // Standard Webhooks
 * @category Verification
 */
export function listSignatureFormat(
  options: ListSignatureFormatOptions = {},
): SignatureHeaderFormat {
  const prefix = options.prefix ?? "";
  const separator = options.separator;
  return {
    parse(value) {
      const entries = separator === undefined ? [value] : value.split(separator);
      const signatures: string[] = [];
      for (const entry of entries)
        if (entry.startsWith(prefix)) signatures.push(entry.slice(prefix.length));
      return { signatures };
    },
    format(signatures) {
      const entries = signatures.map((signature) => prefix + signature);
      return separator === undefined ? (entries[0] ?? "") : entries.join(separator);
    },
  };
}

/**
 * Options of {@link keyValueSignatureFormat}.
 * @category Verification
 */
export interface KeyValueSignatureFormatOptions {
  /** Between pairs, e.g. `,` (Stripe) or `;` (Paddle). */
  readonly itemSeparator: string;
  /** Key of the timestamp pair, e.g. `t`. */
  readonly timestampKey: string;
  /** Key of each signature pair, e.g. `v1`. Pairs with other keys (`v0`) are ignored. */
  readonly signatureKey: string;
  /** Trim spaces around each pair (WorkOS writes `t=…, v1=…`). @default false */
  readonly trim?: boolean;
  /** Written between pairs by `format`. @default itemSeparator */
  readonly joiner?: string;
}

/**
 * A header of `key=value` pairs with the timestamp and one or more signatures.
 * A repeated timestamp key is malformed (which one was signed?).
 * @example
 * keyValueSignatureFormat({ itemSeparator: ",", timestampKey: "t", signatureKey: "v1" }); // Stripe
 * @category Verification
 */
export function keyValueSignatureFormat(
  options: KeyValueSignatureFormatOptions,
): SignatureHeaderFormat {
  const { itemSeparator, timestampKey, signatureKey } = options;
  const joiner = options.joiner ?? itemSeparator;
  return {
    parse(value) {
      const signatures: string[] = [];
      let timestamp: string | undefined;
      for (const rawItem of value.split(itemSeparator)) {
        const item = options.trim === true ? rawItem.trim() : rawItem;
        const equals = item.indexOf("=");
        if (equals < 0) continue;
        const key = item.slice(0, equals);
        const content = item.slice(equals + 1);
        if (key === signatureKey) signatures.push(content);
        if (key !== timestampKey) continue;
        if (timestamp !== undefined) {
          throw new SignatureVerificationError(
            ErrorCode.SIGNATURE_MALFORMED,
            `The signature header repeats its \`${timestampKey}=\` timestamp.`,
          );
        }
        timestamp = content;
      }
      return { signatures, timestamp };
    },
    format(signatures, timestamp) {
      const items = timestamp === undefined ? [] : [`${timestampKey}=${timestamp}`];
      for (const signature of signatures) items.push(`${signatureKey}=${signature}`);
      return items.join(joiner);
    },
  };
}
