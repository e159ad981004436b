import { createNewstoreSigner } from "./newstore-source.ts";

/** What the webhook endpoint answered. */
export interface SendResult {
  readonly status: number;
  /** hookwise's answer: `{ id, status }` on success, `{ error: { code, message } }` otherwise. */
  readonly body: {
    readonly id?: string;
    readonly status?: string;
    readonly error?: { readonly code: string; readonly message: string };
  };
}

/**
 * Sends `event` the way NewStore does: JSON body, `x-newstore-signature: sha256=<hex>` over the
 * exact bytes sent.
 * @param secret - The secret to sign with (give a wrong one to see a 401).
 */
export async function sendNewstoreEvent(
  url: string,
  event: unknown,
  secret: string,
): Promise<SendResult> {
  const body = new TextEncoder().encode(JSON.stringify(event));
  const signature = await createNewstoreSigner(secret).sign({ body, now: Date.now() });
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "NewStore-Event-Stream (hookwise simulator)",
      ...signature,
    },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === "" ? {} : (JSON.parse(text) as SendResult["body"]),
  };
}
