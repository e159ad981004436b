/** Small helpers for verifier tests: build a request, capture a rejection. */
import { expect } from "vitest";
import { isHookwiseError } from "../../src/errors.ts";
import type { SignatureVerificationError } from "../../src/errors.ts";
import type { SignatureErrorCode } from "../../src/errors.ts";
import type { SignatureVerifier, VerifyRequest } from "../../src/verify/signature-scheme.ts";

/** 2026-01-01T00:00:00Z, the fake clock's default start. */
export const NOW_MS = Date.UTC(2026, 0, 1);

/** A POST request with these headers and body at `now` (ms). */
export function request(
  headers: Record<string, string> | Headers,
  body: string | Uint8Array,
  now: number = NOW_MS,
  extra: Partial<Pick<VerifyRequest, "url" | "method">> = {},
): VerifyRequest {
  return {
    method: extra.method ?? "POST",
    url: extra.url ?? "https://hooks.example.com/webhooks",
    headers: headers instanceof Headers ? headers : new Headers(headers),
    body: typeof body === "string" ? new TextEncoder().encode(body) : body,
    now,
  };
}

/** The `SignatureVerificationError` a promise rejects with (fails the test if it resolves or throws something else). */
export async function rejectionOf(promise: Promise<unknown>): Promise<SignatureVerificationError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, "expected the verification to fail").toBeDefined();
  expect(isHookwiseError(caught)).toBe(true);
  // By name, not instanceof: a test may load a second copy of core (isHookwiseError's reason to exist).
  expect((caught as Error).name).toBe("SignatureVerificationError");
  return caught as SignatureVerificationError;
}

/** Asserts that `verifier` rejects `req` with `code`, and returns the error. */
export async function expectRejected(
  verifier: SignatureVerifier,
  req: VerifyRequest,
  code: SignatureErrorCode,
): Promise<SignatureVerificationError> {
  const error = await rejectionOf(verifier.verify(req));
  expect(error.code).toBe(code);
  expect(error.status).toBe(401);
  return error;
}

/** Asserts that no secret or signature text appears in an error's message or diagnosis. */
export function expectNoLeak(
  error: SignatureVerificationError,
  ...secrets: readonly string[]
): void {
  for (const secret of secrets) {
    if (secret.length < 6) continue;
    expect(error.message).not.toContain(secret);
    expect(error.diagnosis ?? "").not.toContain(secret);
  }
}
