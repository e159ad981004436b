import {
  ConfigurationError,
  createHttpDestination,
  DeliveryError,
  NonRetryableError,
  parseRetryAfter,
  systemClock,
  type Signer,
} from "@hookwise/core";
import { createFakeClock } from "@hookwise/core/testing";
import { delay, http, HttpResponse } from "msw";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { deliveryContext } from "../helpers/delivery-context.ts";
import { useMswServer } from "../helpers/msw-server.ts";

const URL_ = "https://partner.example.test/hooks";
const server = useMswServer();

/** Rejects with the error the promise rejects with, or fails when it resolves. */
async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
  try {
    await promise;
  } catch (error) {
    return error as DeliveryError;
  }
  throw new Error("expected the delivery to fail");
}

function answer(status: number, headers: Record<string, string> = {}): void {
  server.use(http.post(URL_, () => new HttpResponse("secret response body", { status, headers })));
}

describe("createHttpDestination", () => {
  it("posts the output as JSON and succeeds on 2xx", async () => {
    let received: { body: unknown; contentType: string | null; method: string } | undefined;
    server.use(
      http.post(URL_, async ({ request }) => {
        received = {
          body: await request.json(),
          contentType: request.headers.get("content-type"),
          method: request.method,
        };
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const destination = createHttpDestination({ name: "partner", url: URL_ });
    await expect(destination.deliver(deliveryContext())).resolves.toEqual({ responseStatus: 204 });
    expect(received).toEqual({
      body: { orderId: "ord_1", total: 4200 },
      contentType: "application/json",
      method: "POST",
    });
  });

  it("sends the delivery id as the idempotency key, the same on every attempt", async () => {
    const keys: (string | null)[] = [];
    server.use(
      http.post(URL_, ({ request }) => {
        keys.push(request.headers.get("idempotency-key"));
        return HttpResponse.json({ ok: true });
      }),
    );
    const destination = createHttpDestination({ name: "partner", url: URL_ });
    await destination.deliver(deliveryContext({ attempt: 1 }));
    await destination.deliver(deliveryContext({ attempt: 2 }));
    expect(keys).toEqual([
      "hw_1:order-to-partner@1:0:partner",
      "hw_1:order-to-partner@1:0:partner",
    ]);
  });

  it("uses a custom idempotency header and keeps user headers", async () => {
    let headers: Headers | undefined;
    server.use(
      http.put(URL_, ({ request }) => {
        headers = request.headers;
        return HttpResponse.json({});
      }),
    );
    const destination = createHttpDestination({
      name: "partner",
      url: URL_,
      method: "PUT",
      headers: { authorization: "Bearer t0k3n", "idempotency-key": "overridden" },
      idempotencyKeyHeader: "x-request-id",
    });
    await destination.deliver(deliveryContext());
    expect(headers?.get("x-request-id")).toBe("hw_1:order-to-partner@1:0:partner");
    expect(headers?.get("authorization")).toBe("Bearer t0k3n");
  });

  it("adds the signer's headers, and the receiver can verify them (Standard Webhooks)", async () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const webhook = new Webhook(secret);
    const signer: Signer = {
      scheme: "standard-webhooks",
      sign: ({ body, id, now }) => {
        const timestamp = new Date(now);
        const signature = webhook.sign(id ?? "", timestamp, new TextDecoder().decode(body));
        const seconds = String(Math.floor(now / 1000));
        return Promise.resolve({
          "webhook-id": id ?? "",
          "webhook-timestamp": seconds,
          "webhook-signature": signature,
        });
      },
    };
    let verified: unknown;
    let webhookId: string | null = null;
    server.use(
      http.post(URL_, async ({ request }) => {
        webhookId = request.headers.get("webhook-id");
        verified = webhook.verify(await request.text(), Object.fromEntries(request.headers));
        return HttpResponse.json({});
      }),
    );
    const destination = createHttpDestination({
      name: "partner",
      url: URL_,
      signer,
      clock: systemClock,
    });
    await destination.deliver(deliveryContext());
    expect(webhookId).toBe("hw_1:order-to-partner@1:0:partner");
    expect(verified).toEqual({ orderId: "ord_1", total: 4200 });
  });

  it.each([400, 401, 404, 410, 422])("does not retry HTTP %i", async (status) => {
    answer(status);
    const error = await failure(
      createHttpDestination({ name: "partner", url: URL_ }).deliver(deliveryContext()),
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: false, responseStatus: status });
    expect(error.message).toBe(`Destination "partner" answered HTTP ${status}.`);
  });

  it("treats a redirect as a failure that retrying will not fix", async () => {
    answer(302, { location: "https://elsewhere.example.test/" });
    const error = await failure(
      createHttpDestination({ name: "partner", url: URL_ }).deliver(deliveryContext()),
    );
    expect(error).toMatchObject({ retryable: false, responseStatus: 302 });
    expect(error.message).toContain("redirects are not followed");
  });

  it.each([408, 425, 429, 500, 502, 503])("retries HTTP %i", async (status) => {
    answer(status);
    const error = await failure(
      createHttpDestination({ name: "partner", url: URL_ }).deliver(deliveryContext()),
    );
    expect(error).toMatchObject({
      retryable: true,
      responseStatus: status,
      retryAfterSeconds: undefined,
    });
  });

  it("reads Retry-After in seconds", async () => {
    answer(429, { "retry-after": "120" });
    const error = await failure(
      createHttpDestination({ name: "partner", url: URL_ }).deliver(deliveryContext()),
    );
    expect(error.retryAfterSeconds).toBe(120);
  });

  it("reads Retry-After as an HTTP date, measured on the injected clock", async () => {
    const clock = createFakeClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    answer(503, { "retry-after": "Thu, 01 Jan 2026 12:01:30 GMT" });
    const destination = createHttpDestination({ name: "partner", url: URL_, clock });
    const error = await failure(destination.deliver(deliveryContext()));
    expect(error.retryAfterSeconds).toBe(90);
  });

  it("fails as retryable on a network error, naming the destination only", async () => {
    server.use(http.post(URL_, () => HttpResponse.error()));
    const error = await failure(
      createHttpDestination({ name: "partner", url: URL_ }).deliver(deliveryContext()),
    );
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^Request to destination "partner" failed: network error/);
  });

  it("aborts and fails as retryable when the timeout passes", async () => {
    const clock = createFakeClock();
    let aborted = false;
    server.use(
      http.post(URL_, async ({ request }) => {
        request.signal.addEventListener("abort", () => (aborted = true));
        await delay("infinite");
        return HttpResponse.json({});
      }),
    );
    const destination = createHttpDestination({
      name: "partner",
      url: URL_,
      timeoutMs: 2_000,
      clock,
    });
    const pending = failure(destination.deliver(deliveryContext()));
    await clock.advance(1_999);
    expect(clock.pendingTimers()).toBe(1);
    await clock.advance(1);
    const error = await pending;
    expect(error).toMatchObject({
      retryable: true,
      message: 'Request to destination "partner" timed out after 2000 ms.',
    });
    expect(aborted).toBe(true);
  });

  it("never puts the payload or the response body in an error", async () => {
    answer(500);
    const context = deliveryContext({ output: { email: "jane@example.test" } });
    const error = await failure(
      createHttpDestination({ name: "partner", url: URL_ }).deliver(context),
    );
    expect(error.message).not.toContain("jane@example.test");
    expect(error.message).not.toContain("secret response body");
  });

  it("stops without sending when the output cannot be serialised", async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const destination = createHttpDestination({ name: "partner", url: URL_ });
    await expect(destination.deliver(deliveryContext({ output: circular }))).rejects.toBeInstanceOf(
      NonRetryableError,
    );
  });

  it("refuses bad headers at creation, naming the header and never quoting its value", () => {
    const token = "Bearer secret-token\nX-Injected: 1";
    const cases: Partial<Parameters<typeof createHttpDestination>[0]>[] = [
      { headers: { "X-Api Key": "k" } },
      { headers: { authorization: token } },
      { idempotencyKeyHeader: "idempotency key" },
    ];
    for (const options of cases) {
      let thrown: unknown;
      try {
        createHttpDestination({ name: "partner", url: URL_, ...options });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ code: "CONFIG_INVALID" });
      expect((thrown as Error).message).not.toContain("secret-token");
    }
    expect(() =>
      createHttpDestination({ name: "partner", url: URL_, headers: { "x-api-key": "a\tb" } }),
    ).not.toThrow();
  });

  it("validates its options eagerly", () => {
    expect(() => createHttpDestination({ name: "partner", url: "/relative" })).toThrow("`url`");
    expect(() => createHttpDestination({ name: "partner", url: "ftp://x.test/" })).toThrow("`url`");
    expect(() => createHttpDestination({ name: "a:b", url: URL_ })).toThrow("`name`");
    expect(() => createHttpDestination({ name: "partner", url: URL_, timeoutMs: 0 })).toThrow(
      "`timeoutMs`",
    );
    expect(() =>
      createHttpDestination({ name: "partner", url: URL_, retry: { maxAttempts: 0 } }),
    ).toThrow(ConfigurationError);
  });
});

describe("parseRetryAfter", () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  it.each([
    ["30", 30],
    [" 0 ", 0],
    ["Thu, 01 Jan 2026 12:00:10 GMT", 10],
    // A date not in the future: the receiver's clock is behind, so the backoff applies instead.
    ["Thu, 01 Jan 2026 11:00:00 GMT", undefined],
    ["Thu, 01 Jan 2026 12:00:00 GMT", undefined],
    ["soon", undefined],
    ["-5", undefined],
    [null, undefined],
  ])("reads %j as %j seconds", (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});
