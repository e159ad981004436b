import { afterEach, describe, expect, it } from "vitest";
import type { AppConfig } from "../src/config.ts";
import type { RegistrationView } from "../src/routes/endpoints-route.ts";
import { get, getRequest, post, sampleTransaction, waitFor } from "./helpers/http.ts";
import { countKeys, deleteKeys, describeRedis, REDIS_URL, uniquePrefix } from "./helpers/redis.ts";
import {
  freePort,
  receiverUrl,
  startReceiver,
  startService,
  type RunningReceiver,
  type RunningService,
  type StartServiceOptions,
} from "./helpers/start-service.ts";

/** The same story on each backend: one suite, a backend per call. */
function describeBackend(
  name: "memory" | "redis",
  describeFn: typeof describe,
  backendConfig: () => Partial<AppConfig>,
): void {
  describeFn(`merchant normalizer over HTTP on 127.0.0.1 (${name})`, () => {
    const closers: (() => Promise<void>)[] = [];
    const prefixes: string[] = [];
    const start = async (options: StartServiceOptions = {}): Promise<RunningService> => {
      const config = { ...backendConfig(), ...options.config };
      if (config.redisUrl !== undefined) prefixes.push(config.redisPrefix!);
      const running = await startService({ ...options, config });
      closers.push(running.close);
      return running;
    };
    const receive = async (secret: string, port: number): Promise<RunningReceiver> => {
      const receiver = await startReceiver(secret, port);
      closers.push(receiver.close);
      return receiver;
    };
    const register = async (baseUrl: string, clientId: string, url: string) => {
      const answer = await post(`${baseUrl}/webhooks/endpoints`, { client_id: clientId, url });
      return { status: answer.status, view: answer.body as RegistrationView };
    };

    afterEach(async () => {
      for (const close of closers.splice(0).reverse()) await close();
      for (const prefix of prefixes.splice(0)) {
        await deleteKeys(prefix);
        expect(await countKeys(prefix)).toBe(0);
      }
    });

    it("registers a client, answers 202 at once, and delivers the signed result to the client's receiver", async () => {
      const { baseUrl } = await start({ config: { heuristicDelayMs: 300 } });
      const port = await freePort();
      const created = await register(baseUrl, "acme", receiverUrl(port));
      expect(created.status).toBe(201);
      expect(Object.keys(created.view).sort()).toEqual([
        "client_id",
        "endpoint_id",
        "secret",
        "url",
      ]);
      expect(created.view).toMatchObject({ client_id: "acme", url: receiverUrl(port) });
      expect(created.view.endpoint_id).toMatch(/^ep_/);
      expect(created.view.secret).toMatch(/^whsec_/);
      const receiver = await receive(created.view.secret, port);

      const answer = await post(`${baseUrl}/normalize_merchant`, sampleTransaction(), {
        "client-id": "acme",
      });
      expect(answer.status).toBe(202);
      const { request_id: requestId } = answer.body as { request_id: string };
      expect(Object.keys(answer.body as object)).toEqual(["request_id"]);
      expect(answer.headers.get("location")).toBe(`/requests/${requestId}`);

      const pending = await getRequest(baseUrl, requestId);
      expect(pending).toMatchObject({
        request_id: requestId,
        client_id: "acme",
        status: "pending",
        result: null,
        delivery: null,
      });
      expect(pending.transaction).toEqual(sampleTransaction());

      await waitFor(
        async () => receiver.results.length,
        (count) => count > 0,
        "the result",
      );
      expect(receiver.results).toEqual([
        { request_id: requestId, merchant: { name: "Blue Bottle Coffee" } },
      ]);
      const done = await waitFor(
        () => getRequest(baseUrl, requestId),
        (view) => view.delivery?.status === "delivered",
        "delivered",
      );
      expect(done).toMatchObject({
        status: "normalized",
        result: { merchant: { name: "Blue Bottle Coffee" } },
      });
      expect(done.delivery!.message_id).toMatch(/^msg_/);
      expect(done.delivery!.attempts).toEqual([
        expect.objectContaining({ attempt: 1, ok: true, response_status: 202 }),
      ]);
    });

    it("keeps retrying a client endpoint that is down, and delivers once it is back: failed attempts, then success", async () => {
      const { baseUrl } = await start();
      const port = await freePort(); // Nothing listens there yet: connection refused.
      const { view } = await register(baseUrl, "down-client", receiverUrl(port));
      const answer = await post(
        `${baseUrl}/normalize_merchant`,
        sampleTransaction({ description: "AMZN Mktp US*2K4LT1AB3", mcc: 5942 }),
        { "client-id": "down-client" },
      );
      expect(answer.status).toBe(202);
      const { request_id: requestId } = answer.body as { request_id: string };

      const failing = await waitFor(
        () => getRequest(baseUrl, requestId),
        (request) => (request.delivery?.attempts.length ?? 0) >= 2,
        "two failed attempts",
      );
      expect(failing.status).toBe("normalized");
      expect(failing.delivery!.status).toBe("pending");
      for (const attempt of failing.delivery!.attempts) {
        expect(attempt).toMatchObject({ ok: false, error: { code: "NETWORK_ERROR" } });
        expect(attempt.next_attempt_in_ms).toBeTypeOf("number");
      }

      const receiver = await receive(view.secret, port); // The client's endpoint recovers.
      const delivered = await waitFor(
        () => getRequest(baseUrl, requestId),
        (request) => request.delivery?.status === "delivered",
        "delivered",
      );
      const attempts = delivered.delivery!.attempts;
      expect(attempts.length).toBeGreaterThan(2);
      expect(attempts.slice(0, -1).every((attempt) => !attempt.ok)).toBe(true);
      expect(attempts.at(-1)).toMatchObject({ ok: true, response_status: 202 });
      expect(attempts.map((attempt) => attempt.attempt)).toEqual(attempts.map((_, i) => i + 1));
      await waitFor(
        async () => receiver.results.length,
        (count) => count > 0,
        "the result",
      );
      expect(receiver.results).toEqual([{ request_id: requestId, merchant: { name: "Amazon" } }]);
    });

    it("re-registering updates the URL and rotates the secret; results are signed with the new one", async () => {
      const { baseUrl } = await start();
      const first = await register(baseUrl, "movers", receiverUrl(await freePort()));
      const port = await freePort();
      const second = await register(baseUrl, "movers", receiverUrl(port));
      expect(second.status).toBe(200);
      expect(second.view.endpoint_id).toBe(first.view.endpoint_id);
      expect(second.view.url).toBe(receiverUrl(port));
      expect(second.view.secret).toMatch(/^whsec_/);
      expect(second.view.secret).not.toBe(first.view.secret);

      const receiver = await receive(second.view.secret, port);
      const answer = await post(
        `${baseUrl}/normalize_merchant`,
        sampleTransaction({ description: "UBER *TRIP HELP.UBER.COM CA", mcc: "4121" }),
        { "client-id": "movers" },
      );
      expect(answer.status).toBe(202);
      await waitFor(
        async () => receiver.results.length,
        (count) => count > 0,
        "the result",
      );
      expect(receiver.results[0]!.merchant).toEqual({ name: "Uber" });
    });

    it("normalizes a request once under the same idempotency-key, and refuses the key with another body (409)", async () => {
      const { baseUrl } = await start();
      const port = await freePort();
      const { view } = await register(baseUrl, "retrying", receiverUrl(port));
      const receiver = await receive(view.secret, port);
      const headers = { "client-id": "retrying", "idempotency-key": "txn-0001" };
      const url = `${baseUrl}/normalize_merchant`;
      const first = await post(url, sampleTransaction(), headers);
      const again = await post(url, sampleTransaction(), headers);
      expect(first.status).toBe(202);
      expect(again).toMatchObject({ status: 202, body: first.body });
      const other = await post(url, sampleTransaction({ amount: "9.99" }), headers);
      expect(other).toMatchObject({
        status: 409,
        body: { error: { code: "IDEMPOTENCY_CONFLICT" } },
      });

      const { request_id: requestId } = first.body as { request_id: string };
      await waitFor(
        () => getRequest(baseUrl, requestId),
        (request) => request.delivery?.status === "delivered",
        "delivered",
      );
      expect(receiver.results).toHaveLength(1);
    });

    it("refuses what it could never deliver or understand, with clear 4xx answers, and stores nothing", async () => {
      const { baseUrl, service } = await start();
      await register(baseUrl, "known", receiverUrl(await freePort()));
      const url = `${baseUrl}/normalize_merchant`;

      const missing = await post(url, sampleTransaction());
      expect(missing).toMatchObject({
        status: 401,
        body: { error: { code: "CLIENT_ID_MISSING" } },
      });
      const unknown = await post(url, sampleTransaction(), { "client-id": "stranger" });
      expect(unknown).toMatchObject({ status: 401, body: { error: { code: "CLIENT_UNKNOWN" } } });
      expect((unknown.body as { error: { message: string } }).error.message).toMatch(
        /POST \/webhooks\/endpoints/,
      );

      const invalid: [Record<string, unknown>, string[]][] = [
        [{}, ["description", "amount"]],
        [{ amount: "4.50" }, ["description"]],
        [sampleTransaction({ description: "   " }), ["description"]],
        [sampleTransaction({ amount: "four" }), ["amount"]],
        [sampleTransaction({ mcc: "58" }), ["mcc"]],
      ];
      for (const [body, paths] of invalid) {
        const answer = await post(url, body, { "client-id": "known" });
        expect(answer.status).toBe(422);
        const { error } = answer.body as { error: { code: string; issues: { path: string[] }[] } };
        expect(error.code).toBe("PAYLOAD_INVALID");
        expect(error.issues.map((issue) => issue.path.join("."))).toEqual(paths);
      }
      const notJson = await post(url, "{not json", { "client-id": "known" });
      expect(notJson).toMatchObject({
        status: 400,
        body: { error: { code: "PAYLOAD_MALFORMED" } },
      });
      const notJsonType = await post(url, "description=x", {
        "client-id": "known",
        "content-type": "application/x-www-form-urlencoded",
      });
      expect(notJsonType.status).toBe(415);

      expect((await service.ingestor.listEvents({ limit: 10 })).records).toEqual([]);
    });

    it("answers 404 for a request it does not know, or that belongs to another client", async () => {
      const { baseUrl } = await start();
      for (const id of ["hw_00000000000000000000000000000000", "nope"]) {
        const answer = await get(`${baseUrl}/requests/${id}`);
        expect(answer).toMatchObject({
          status: 404,
          body: { error: { code: "REQUEST_NOT_FOUND" } },
        });
      }
      await register(baseUrl, "owner", receiverUrl(await freePort()));
      const answer = await post(`${baseUrl}/normalize_merchant`, sampleTransaction(), {
        "client-id": "owner",
      });
      const { request_id: requestId } = answer.body as { request_id: string };
      expect((await get(`${baseUrl}/requests/${requestId}`, { "client-id": "owner" })).status).toBe(
        200,
      );
      expect((await get(`${baseUrl}/requests/${requestId}`, { "client-id": "other" })).status).toBe(
        404,
      );
    });

    it("reports its health and the backend's on GET /", async () => {
      const { baseUrl } = await start();
      const answer = await get(`${baseUrl}/`);
      expect(answer).toMatchObject({
        status: 200,
        body: {
          status: "ok",
          service: "merchant-normalizer",
          backend: { adapter: name, status: "ok" },
        },
      });
    });
  });
}

describeBackend("memory", describe, () => ({}));
describeBackend("redis", describeRedis, () => ({
  redisUrl: REDIS_URL,
  redisPrefix: uniquePrefix("e2e"),
}));

describe("POST /webhooks/endpoints refusals", () => {
  let running: RunningService | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });
  const register = (body: unknown, headers: Record<string, string> = {}) =>
    post(`${running!.baseUrl}/webhooks/endpoints`, body, headers);

  it("answers 400 for a body that is not JSON or misses a field, with a clear message", async () => {
    running = await startService();
    const notJson = await register('{"client_id":"acme"');
    expect(notJson).toMatchObject({ status: 400, body: { error: { code: "BODY_MALFORMED" } } });
    expect((notJson.body as { error: { message: string } }).error.message).toMatch(
      /not valid JSON/,
    );
    for (const body of [{}, { client_id: "acme" }, { url: "https://acme.example/hooks" }, []]) {
      const answer = await register(body);
      expect(answer).toMatchObject({ status: 400, body: { error: { code: "INVALID_REQUEST" } } });
    }
    const missingUrl = await register({ client_id: "acme" });
    expect(missingUrl.body).toMatchObject({
      error: { issues: [{ path: ["url"], message: "is required" }] },
    });
    const badId = await register({ client_id: "has spaces", url: "https://acme.example/hooks" });
    expect(badId).toMatchObject({
      status: 400,
      body: { error: { issues: [{ path: ["client_id"] }] } },
    });
    expect((await register("client_id=acme", { "content-type": "text/plain" })).status).toBe(415);
  });

  it("answers 422 for a URL it will not deliver to: not http(s), or loopback without ALLOW_PRIVATE_ENDPOINTS", async () => {
    running = await startService({ config: { allowPrivateEndpoints: false } });
    for (const url of [
      "ftp://acme.example/hooks",
      "not a url",
      "http://127.0.0.1:4000/hooks",
      "http://localhost:4000/hooks",
      "http://169.254.169.254/latest/meta-data",
    ]) {
      const answer = await register({ client_id: "acme", url });
      expect(answer, url).toMatchObject({
        status: 422,
        body: { error: { code: "ENDPOINT_URL_REFUSED" } },
      });
    }
    const loopback = await register({ client_id: "acme", url: "http://127.0.0.1:4000/hooks" });
    expect((loopback.body as { error: { message: string } }).error.message).toMatch(
      /ALLOW_PRIVATE_ENDPOINTS=true/,
    );
    // Nothing was registered, so the client still cannot ask for anything.
    const request = await post(`${running.baseUrl}/normalize_merchant`, sampleTransaction(), {
      "client-id": "acme",
    });
    expect(request.status).toBe(401);
    const accepted = await register({ client_id: "acme", url: "https://acme.example/hooks" });
    expect(accepted.status).toBe(201);
  });

  it("answers 409 ENDPOINT_DISABLED for a client whose endpoint was disabled, and accepts again once it registers again", async () => {
    running = await startService();
    const created = await register({ client_id: "gone", url: "https://gone.example/hooks" });
    const { endpoint_id: endpointId } = created.body as RegistrationView;
    await running.service.outbox.endpoints.disable(endpointId); // What a 410 Gone answer does.
    const url = `${running.baseUrl}/normalize_merchant`;
    const refused = await post(url, sampleTransaction(), { "client-id": "gone" });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: "ENDPOINT_DISABLED" } } });
    const again = await register({ client_id: "gone", url: "https://gone.example/hooks" });
    expect(again).toMatchObject({ status: 200, body: { endpoint_id: endpointId } });
    expect((await post(url, sampleTransaction(), { "client-id": "gone" })).status).toBe(202);
  });
});
