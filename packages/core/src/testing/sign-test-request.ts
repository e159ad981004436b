import { systemClock } from "../util/clock.ts";
import type { Signer } from "../verify/signature-scheme.ts";

/**
 * Options of {@link signTestRequest}.
 * @category Testing
 */
export interface SignTestRequestOptions {
  /** Signs the body the way the sender does, e.g. `createHmacSigner({ secret, header })`. */
  readonly signer: Signer;
  /** Where the request goes, absolute (e.g. `http://127.0.0.1:3000/webhooks/shop`). */
  readonly url: string;
  /** The body: bytes and strings are sent exactly as given; anything else as `JSON.stringify` of it. */
  readonly body: unknown;
  /** Extra headers; they win over the signature and the default `content-type`. @default {} */
  readonly headers?: Readonly<Record<string, string>>;
  /** Signing time, epoch milliseconds. @default systemClock.now() */
  readonly now?: number;
  /** Message id, for schemes that sign one (Standard Webhooks). */
  readonly id?: string;
  /** HTTP method. @default "POST" */
  readonly method?: string;
}

/**
 * A web `Request` signed the way a provider signs it, ready for `ingestor.fetch(request)` or
 * `fetch(request)` against a running server.
 * @example
 * const signer = createHmacSigner({ secret, header: "x-shop-signature", prefix: "sha256=" });
 * const request = await signTestRequest({ signer, url: "http://localhost/webhooks/shop", body: { id: "evt_1" } });
 * expect((await ingestor.fetch(request)).status).toBe(202);
 * @category Testing
 */
export async function signTestRequest(options: SignTestRequestOptions): Promise<Request> {
  const body = toBytes(options.body);
  const method = options.method ?? "POST";
  const signature = await options.signer.sign({
    body,
    now: options.now ?? systemClock.now(),
    url: options.url,
    method,
    ...(options.id === undefined ? {} : { id: options.id }),
  });
  return new Request(options.url, {
    method,
    headers: { "content-type": "application/json", ...signature, ...options.headers },
    body: body as Uint8Array<ArrayBuffer>,
  });
}

function toBytes(body: unknown): Uint8Array {
  if (body instanceof Uint8Array) return body;
  return new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
}
