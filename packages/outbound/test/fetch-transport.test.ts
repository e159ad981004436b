import { delay, http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createAddressPolicy } from "../src/address-policy.ts";
import { createFetchTransport, DEFAULT_USER_AGENT } from "../src/fetch-transport.ts";
import { TransportError, type TransportRequest } from "../src/transport.ts";

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const ENDPOINT = "https://partner.example.com/hooks";

function request(overrides: Partial<TransportRequest> = {}): TransportRequest {
  return {
    url: new URL(`${ENDPOINT}?tenant=acme`),
    method: "POST",
    headers: { "content-type": "application/json", "webhook-id": "msg_1" },
    body: new TextEncoder().encode('{"type":"order.created"}'),
    timeoutMs: 5_000,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error: unknown = await promise.then(
    () => new Error("expected the send to fail"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

describe("createFetchTransport", () => {
  it("sends the request and returns status, lower-case headers and body", async () => {
    const seen = vi.fn<(request: Request, body: string) => void>();
    server.use(
      http.post(ENDPOINT, async ({ request: received }) => {
        seen(received, await received.text());
        const headers = new Headers({ "X-Receipt": "r_1" });
        headers.append("x-multi", "a");
        headers.append("x-multi", "b");
        return new HttpResponse("accepted", { status: 202, headers });
      }),
    );
    const response = await createFetchTransport().send(request());
    expect(response).toEqual({
      status: 202,
      headers: expect.objectContaining({ "x-receipt": "r_1", "x-multi": "a, b" }) as unknown,
      body: "accepted",
    });
    const [received, body] = seen.mock.calls[0]!;
    expect(received.url).toBe(`${ENDPOINT}?tenant=acme`);
    expect(received.headers.get("webhook-id")).toBe("msg_1");
    expect(received.headers.get("user-agent")).toBe(DEFAULT_USER_AGENT);
    expect(body).toBe('{"type":"order.created"}');
  });

  it("keeps the request's own user-agent", async () => {
    server.use(
      http.post(ENDPOINT, ({ request: received }) =>
        HttpResponse.text(received.headers.get("user-agent")),
      ),
    );
    const own = request({ headers: { "user-agent": "partner-sync/2" } });
    expect((await createFetchTransport().send(own)).body).toBe("partner-sync/2");
  });

  it("keeps at most responseBodyLimit bytes of a 1 MiB body", async () => {
    server.use(
      http.post(ENDPOINT, () => new HttpResponse("a".repeat(1024 * 1024), { status: 500 })),
    );
    const response = await createFetchTransport({ responseBodyLimit: 2_000 }).send(request());
    expect(response.status).toBe(500);
    expect(response.body).toBe("a".repeat(2_000));
  });

  it("cancels the body once it has the limit, leaving the rest unread", async () => {
    // A fetch of our own: msw tees mocked bodies, so a cancel never reaches the source there.
    const cancelled = vi.fn();
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024).fill(0x61));
        sent += 1024;
      },
      cancel: cancelled,
    });
    const fetch = vi.fn(() => Promise.resolve(new Response(endless)));
    const response = await createFetchTransport({ fetch }).send(request());
    expect(response.body).toHaveLength(4096);
    expect(cancelled).toHaveBeenCalled();
    expect(sent).toBeLessThan(64 * 1024);
  });

  it("fails with `timeout` when no answer comes within timeoutMs", async () => {
    server.use(
      http.post(ENDPOINT, async () => {
        await delay("infinite");
        return HttpResponse.text("late");
      }),
    );
    const error = await failure(createFetchTransport().send(request({ timeoutMs: 100 })));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("partner.example.com");
    expect(error.message).not.toContain("tenant");
  });

  it("fails with `timeout` when the body is still dripping at the deadline", async () => {
    server.use(
      http.post(ENDPOINT, () => {
        const body = new ReadableStream<Uint8Array>({
          async pull(controller) {
            await delay(20);
            controller.enqueue(new Uint8Array([0x2e]));
          },
        });
        return new HttpResponse(body);
      }),
    );
    const error = await failure(createFetchTransport().send(request({ timeoutMs: 200 })));
    expect(error.kind).toBe("timeout");
  });

  it("fails with `aborted` when the caller's signal aborts", async () => {
    server.use(
      http.post(ENDPOINT, async () => {
        await delay("infinite");
        return HttpResponse.text("late");
      }),
    );
    const controller = new AbortController();
    const sending = createFetchTransport().send(request({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect((await failure(sending)).kind).toBe("aborted");
  });

  it("returns a redirect as is and does not follow it", async () => {
    const followed = vi.fn(() => HttpResponse.text("followed"));
    server.use(
      http.post(ENDPOINT, () =>
        HttpResponse.text("moved", {
          status: 302,
          headers: { location: "https://elsewhere.example.com/" },
        }),
      ),
      http.all("https://elsewhere.example.com/", followed),
    );
    const response = await createFetchTransport().send(request());
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe("https://elsewhere.example.com/");
    expect(followed).not.toHaveBeenCalled();
  });

  it("fails with `network` when the connection fails", async () => {
    server.use(http.post(ENDPOINT, () => HttpResponse.error()));
    const error = await failure(createFetchTransport().send(request()));
    expect(error.kind).toBe("network");
  });

  it("refuses a literal IP address the policy refuses, without sending", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>();
    const transport = createFetchTransport({
      fetch,
      addressPolicy: createAddressPolicy({ allowPrivateNetworks: true }),
    });
    const url = new URL("http://169.254.169.254/latest/meta-data/");
    const error = await failure(transport.send(request({ url })));
    expect(error.kind).toBe("blocked_address");
    expect(error.message).toContain("cloud metadata address");
    expect(fetch).not.toHaveBeenCalled();
  });

  it("uses the fetch it is given", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() =>
      Promise.resolve(new Response("from the custom fetch", { status: 200 })),
    );
    const response = await createFetchTransport({ fetch }).send(request());
    expect(response.body).toBe("from the custom fetch");
    expect(fetch.mock.calls[0]?.[1]).toMatchObject({ method: "POST", redirect: "manual" });
  });
});
