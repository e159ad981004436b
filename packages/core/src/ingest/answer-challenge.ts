import { MethodNotAllowedError } from "../errors.ts";
import type { Source } from "../sources/source.ts";
import type { SourceRegistry } from "../sources/source-registry.ts";
import { queryOf } from "../util/url-query.ts";
import type { IncomingWebhook, WebhookResponse } from "./incoming-webhook.ts";

/**
 * A GET request: answered by the source's `challenge` hook when it has one, else 405 exactly as
 * before (an unknown source too, so a GET cannot probe which sources exist). Reads no body, stores
 * nothing; the hook checks the provider's proof and throws a 401 error when it fails.
 * @internal
 */
export async function answerChallenge(
  incoming: IncomingWebhook,
  sources: SourceRegistry,
  headers: Headers,
): Promise<WebhookResponse> {
  const source = sourceWithChallenge(incoming, sources);
  if (source?.challenge === undefined) throw new MethodNotAllowedError(["POST"]);
  const query = queryOf(incoming.url);
  const answer = await source.challenge({ url: incoming.url, headers, query });
  if (answer === undefined) throw new MethodNotAllowedError(["POST", "GET"]);
  return answer;
}

function sourceWithChallenge(
  incoming: IncomingWebhook,
  sources: SourceRegistry,
): Source | undefined {
  try {
    return sources.resolve(incoming.source, incoming.url);
  } catch {
    return undefined;
  }
}
