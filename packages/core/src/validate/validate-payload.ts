import type { StandardSchemaV1 } from "@standard-schema/spec";
import { PayloadValidationError, type ValidationIssue } from "../errors.ts";

/**
 * Validates a payload with any Standard Schema (zod, valibot, arktype...). Resolves with the schema's
 * output; rejects with a 422 `PayloadValidationError` listing paths and messages, never values. A
 * schema that throws instead of reporting an issue (a zod `.transform` or `.refine` that meets data
 * it did not expect) fails the payload the same way, naming only the error's class: the sender's
 * data set it off, so it is answered 422, not 503 (which the sender would retry for days).
 */
export async function validatePayload(
  schema: StandardSchemaV1,
  payload: unknown,
): Promise<unknown> {
  let result: StandardSchemaV1.Result<unknown>;
  try {
    result = await schema["~standard"].validate(payload);
  } catch (error) {
    const name = error instanceof Error ? error.name : typeof error;
    throw new PayloadValidationError(
      [{ path: [], message: `The schema threw ${truncate(name, MAX_REFLECTED_TEXT_LENGTH)}.` }],
      "The payload could not be validated: its schema threw.",
    );
  }
  if (result.issues === undefined) return result.value;
  throw new PayloadValidationError(capIssues(result.issues));
}

/** Most issues an answer lists; the rest are counted in one last issue. */
export const MAX_REPORTED_ISSUES = 20;
/** Longest path segment (an attacker may choose keys) or message reflected, in characters. */
export const MAX_REFLECTED_TEXT_LENGTH = 64;
/** Most path segments reflected per issue; deeper paths keep their first ones. */
export const MAX_REPORTED_PATH_SEGMENTS = 16;
const MAX_MESSAGE_LENGTH = 200;

/**
 * The issues a 422 answer carries, capped: the body names where the schema failed, but what it
 * reflects of attacker-chosen keys stays small (at most {@link MAX_REPORTED_ISSUES} issues,
 * {@link MAX_REPORTED_PATH_SEGMENTS} segments of {@link MAX_REFLECTED_TEXT_LENGTH} characters each,
 * messages of 200): a few KB whatever the payload.
 */
function capIssues(issues: readonly StandardSchemaV1.Issue[]): ValidationIssue[] {
  const kept = issues.slice(0, MAX_REPORTED_ISSUES).map(toIssue);
  if (issues.length > MAX_REPORTED_ISSUES) {
    kept.push({
      path: [],
      message: `…and ${issues.length - MAX_REPORTED_ISSUES} more issues.`,
    });
  }
  return kept;
}

function toIssue(issue: StandardSchemaV1.Issue): ValidationIssue {
  const segments = issue.path ?? [];
  const path = segments
    .slice(0, MAX_REPORTED_PATH_SEGMENTS)
    .map((segment) =>
      typeof segment === "object" ? normaliseKey(segment.key) : normaliseKey(segment),
    );
  if (segments.length > MAX_REPORTED_PATH_SEGMENTS) path.push("…");
  return { path, message: truncate(issue.message, MAX_MESSAGE_LENGTH) };
}

function normaliseKey(key: PropertyKey): string | number {
  const text = typeof key === "symbol" ? key.toString() : key;
  return typeof text === "string" ? truncate(text, MAX_REFLECTED_TEXT_LENGTH) : text;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
