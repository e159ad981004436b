import { errorResponse, isHookwiseError } from "@hookwise/core";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";

/** One problem with a request body: where, and what is wrong (never the value). */
export interface Issue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Sends the error body every route of this service uses, the same as hookwise's own answers on
 * `POST /normalize_merchant`: `{ "error": { "code", "message", "issues"? } }`.
 */
export function sendError(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  issues?: readonly Issue[],
): FastifyReply {
  return reply
    .code(status)
    .header("cache-control", "no-store")
    .send({ error: { code, message, ...(issues === undefined ? {} : { issues }) } });
}

/** A hookwise error (422 ENDPOINT_URL_REFUSED, 404 …) answered with its own status and code. */
export function sendHookwiseError(reply: FastifyReply, error: unknown): FastifyReply {
  const answer = errorResponse(error);
  return reply.code(answer.status).headers(answer.headers).send(answer.body);
}

/**
 * The app's error handler (outside hookwise's scope, which answers for itself): a body Fastify
 * could not parse is the sender's mistake and gets its 4xx with a clear message; a hookwise error
 * keeps its status; anything else is our fault and answers 503 with `Retry-After`, never a detail.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (typeof error.code === "string" && error.code.startsWith("FST_ERR_CTP_")) {
      return sendError(reply, error.statusCode ?? 400, bodyCode(error), bodyMessage(error));
    }
    if (error.validation !== undefined && error.statusCode === 400) {
      return sendError(reply, 400, "INVALID_REQUEST", error.message);
    }
    if (!isHookwiseError(error)) {
      app.log.error({ err: error }, "unexpected error");
    }
    return sendHookwiseError(reply, error);
  });
}

function bodyCode(error: FastifyError): string {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return "UNSUPPORTED_MEDIA_TYPE";
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return "PAYLOAD_TOO_LARGE";
    default:
      return "BODY_MALFORMED";
  }
}

function bodyMessage(error: FastifyError): string {
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return 'The body is not valid JSON: send an object such as {"client_id":"acme","url":"https://acme.example/webhooks"}.';
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "The body is empty: send a JSON object.";
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return "Send the body as JSON with content-type: application/json.";
    default:
      return error.message;
  }
}
