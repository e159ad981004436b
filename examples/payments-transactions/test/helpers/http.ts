import { randomUUID } from "node:crypto";
import type { TransactionStatus, TransactionView } from "../../src/transaction-view.ts";

/** A transaction body with a fresh id. */
export function sampleTransaction(overrides: Record<string, unknown> = {}) {
  return {
    transaction_id: `tx_${randomUUID()}`,
    source_account: "acc_1001",
    destination_account: "acc_2002",
    amount: "125.50",
    currency: "EUR",
    ...overrides,
  };
}

/** What the server answered. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** POSTs `body` (an object, sent as JSON, or exact text) to `url`. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parse(text) };
}

/** GET `url` as JSON. */
export async function get(url: string): Promise<Answer> {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: parse(text) };
}

/** `GET /v1/transactions/:id`; `undefined` on 404. */
export async function getTransaction(
  baseUrl: string,
  id: string,
): Promise<TransactionView | undefined> {
  const answer = await get(`${baseUrl}/v1/transactions/${encodeURIComponent(id)}`);
  if (answer.status === 404) return undefined;
  if (answer.status !== 200) throw new Error(`GET /v1/transactions/:id answered ${answer.status}`);
  return answer.body as TransactionView;
}

/**
 * Polls `GET /v1/transactions/:id` until its status is `status`; resolves the view and every status
 * seen on the way, in order.
 */
export async function waitForStatus(
  baseUrl: string,
  id: string,
  status: TransactionStatus,
  timeoutMs = 5_000,
): Promise<{ view: TransactionView; seen: TransactionStatus[] }> {
  const deadline = Date.now() + timeoutMs;
  const seen: TransactionStatus[] = [];
  for (;;) {
    const view = await getTransaction(baseUrl, id);
    if (view !== undefined && seen.at(-1) !== view.status) seen.push(view.status);
    if (view?.status === status) return { view, seen };
    if (Date.now() > deadline) {
      throw new Error(
        `${id} did not reach ${status} within ${timeoutMs} ms (seen: ${seen.join(" → ") || "404"}).`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
