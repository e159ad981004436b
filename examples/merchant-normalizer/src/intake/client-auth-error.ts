import { HookwiseError, type ErrorCode } from "@hookwise/core";

/** Why a request to `POST /normalize_merchant` was refused before anything was stored. */
export type ClientAuthErrorCode = "CLIENT_ID_MISSING" | "CLIENT_UNKNOWN" | "ENDPOINT_DISABLED";

const STATUS: Readonly<Record<ClientAuthErrorCode, number>> = {
  CLIENT_ID_MISSING: 401,
  CLIENT_UNKNOWN: 401,
  // The client is known; it has to register its URL again before results can reach it.
  ENDPOINT_DISABLED: 409,
};

/**
 * A hookwise error with this app's own codes, thrown by the intake source's verifier so that the
 * ingestor answers it like any other refusal (`{ "error": { code, message } }`, the status below)
 * and emits `rejected`. Core's `ErrorCode` lists core's codes only; these are the app's, hence
 * the cast: the answer and the lifecycle event only carry the string.
 */
export class ClientAuthError extends HookwiseError {
  override name = "ClientAuthError";
  constructor(code: ClientAuthErrorCode, message: string) {
    super(code as unknown as ErrorCode, STATUS[code], message);
  }
}
