/**
 * Signed timestamps written as RFC 3339 text (Twitch: `2023-07-19T14:56:51.634234626Z`, Zendesk:
 * `2021-07-25T10:00:00Z`) rather than unix digits. The text is what is signed; it is parsed only to
 * check the replay window, strictly, so two parsers cannot disagree about the instant.
 */
import { ErrorCode, SignatureVerificationError } from "../errors.ts";

const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Epoch milliseconds of an RFC 3339 date-time (fraction up to nanoseconds, truncated to ms).
 * @throws SignatureVerificationError `TIMESTAMP_INVALID` when missing or not RFC 3339.
 * @internal
 */
export function parseRfc3339(text: string | null, header: string): number {
  if (text === null || text === "") {
    throw new SignatureVerificationError(
      ErrorCode.TIMESTAMP_INVALID,
      `The \`${header}\` header is missing; it carries the signed timestamp.`,
    );
  }
  const match = RFC3339.exec(text);
  const fraction = (match?.[7] ?? "").padEnd(3, "0").slice(0, 3);
  const ms =
    match === null
      ? Number.NaN
      : Date.parse(
          `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}.${fraction}${match[8]}`,
        );
  if (Number.isNaN(ms)) {
    throw new SignatureVerificationError(
      ErrorCode.TIMESTAMP_INVALID,
      `The \`${header}\` header is not an RFC 3339 date-time.`,
    );
  }
  return ms;
}

/**
 * `ms` as RFC 3339 in UTC, whole seconds (`2026-01-01T00:00:00Z`) or with milliseconds.
 * @internal
 */
export function formatRfc3339(ms: number, withMilliseconds: boolean): string {
  const iso = new Date(ms).toISOString();
  return withMilliseconds ? iso : `${iso.slice(0, 19)}Z`;
}
