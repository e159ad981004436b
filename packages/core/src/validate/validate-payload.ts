import type { StandardSchemaV1 } from "@standard-schema/spec";
import { PayloadValidationError, type ValidationIssue } from "../errors.ts";

/**
 * Validates a payload with any Standard Schema (zod, valibot, arktype...). Resolves with the schema's
 * output; rejects with a 422 `PayloadValidationError` listing paths and messages, never values.
 */
export async function validatePayload(
  schema: StandardSchemaV1,
  payload: unknown,
): Promise<unknown> {
  const result = await schema["~standard"].validate(payload);
  if (result.issues === undefined) return result.value;
  throw new PayloadValidationError(result.issues.map(toIssue));
}

function toIssue(issue: StandardSchemaV1.Issue): ValidationIssue {
  const path = (issue.path ?? []).map((segment) =>
    typeof segment === "object" ? normaliseKey(segment.key) : normaliseKey(segment),
  );
  return { path, message: issue.message };
}

function normaliseKey(key: PropertyKey): string | number {
  return typeof key === "symbol" ? key.toString() : key;
}
