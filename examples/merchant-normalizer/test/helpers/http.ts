import type { RequestView } from "../../src/routes/request-view.ts";

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
  return { status: response.status, headers: response.headers, body: parse(await response.text()) };
}

/** GET `url`. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, body: parse(await response.text()) };
}

/** `GET /requests/:id`, which must answer 200. */
export async function getRequest(baseUrl: string, id: string): Promise<RequestView> {
  const answer = await get(`${baseUrl}/requests/${encodeURIComponent(id)}`);
  if (answer.status !== 200) {
    throw new Error(
      `GET /requests/${id} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  }
  return answer.body as RequestView;
}

/** Polls `read` until `done` holds; resolves the last value. No timing is asserted: only the end. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A sample card transaction. */
export function sampleTransaction(overrides: Record<string, unknown> = {}) {
  return {
    description: "SQ *BLUE BOTTLE COFFEE #12 OAKLAND CA",
    amount: "4.50",
    mcc: "5814",
    currency: "USD",
    ...overrides,
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
