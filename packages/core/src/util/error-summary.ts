/** Longest message of a thrown error kept in attempt records and logs, in characters. */
export const MAX_ERROR_MESSAGE_LENGTH = 200;

/**
 * A thrown value as one short line for attempt records and logs: its class name, its message cut
 * to {@link MAX_ERROR_MESSAGE_LENGTH} characters and its `code` when it has one (`ECONNREFUSED`).
 * Never its stack or other fields, which may hold more of a payload or a secret.
 * @internal
 */
export function summarizeError(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  // Some clients copy a response onto the error, so `message` need not be a string.
  const raw: unknown = error.message;
  const message = truncate((typeof raw === "string" ? raw : "").replace(/\s+/g, " ").trim());
  const code = (error as { code?: unknown }).code;
  const suffix = typeof code === "string" && code !== "" ? ` (code ${truncate(code, 40)})` : "";
  return message === "" ? `${error.name}${suffix}` : `${error.name}: ${message}${suffix}`;
}

function truncate(text: string, max = MAX_ERROR_MESSAGE_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
