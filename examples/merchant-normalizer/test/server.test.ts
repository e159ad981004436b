import { afterEach, describe, expect, it } from "vitest";
import type { RegistrationView } from "../src/routes/endpoints-route.ts";
import { runRefusedConfig, startChildService, type ChildService } from "./helpers/child-service.ts";
import { get, post, sampleTransaction, waitFor } from "./helpers/http.ts";
import { deleteKeys, describeRedis, REDIS_URL, uniquePrefix } from "./helpers/redis.ts";
import {
  freePort,
  receiverUrl,
  startReceiver,
  type RunningReceiver,
} from "./helpers/start-service.ts";

/** `npm start` in a child process, on the backend the environment picks, serving a real client. */
function describeServer(
  name: "memory" | "redis",
  describeFn: typeof describe,
  env: () => Record<string, string>,
): void {
  describeFn(`npm start (${name})`, () => {
    let server: ChildService | undefined;
    let receiver: RunningReceiver | undefined;
    let prefix: string | undefined;
    afterEach(async () => {
      await receiver?.close();
      if (server !== undefined) expect(await server.stop()).toBe(0);
      if (prefix !== undefined) await deleteKeys(prefix);
      server = receiver = prefix = undefined;
    });

    it("starts from the environment, normalizes a request and delivers it, then stops on SIGTERM", async () => {
      const variables = env();
      prefix = variables["REDIS_PREFIX"];
      server = await startChildService({
        HEURISTIC_DELAY_MS: "50",
        ALLOW_PRIVATE_ENDPOINTS: "true",
        DELIVERY_RETRY_DELAYS_MS: "100,100,100",
        ...variables,
      });
      expect(server.output()).toContain(`(${name}`);
      expect(await get(`${server.baseUrl}/`)).toMatchObject({
        status: 200,
        body: { backend: { adapter: name } },
      });

      const port = await freePort();
      const registered = await post(`${server.baseUrl}/webhooks/endpoints`, {
        client_id: "child-client",
        url: receiverUrl(port),
      });
      expect(registered.status).toBe(201);
      receiver = await startReceiver((registered.body as RegistrationView).secret, port);
      const answer = await post(
        `${server.baseUrl}/normalize_merchant`,
        sampleTransaction({ description: "STARBUCKS STORE 12345 SEATTLE WA" }),
        { "client-id": "child-client" },
      );
      expect(answer.status).toBe(202);
      await waitFor(
        async () => receiver!.results.length,
        (count) => count > 0,
        "the result",
      );
      expect(receiver.results[0]).toEqual({
        request_id: (answer.body as { request_id: string }).request_id,
        merchant: { name: "Starbucks" },
      });
    });
  });
}

describeServer("memory", describe, () => ({}));
describeServer("redis", describeRedis, () => ({
  REDIS_URL,
  REDIS_PREFIX: uniquePrefix("child"),
}));

describe("npm start with an invalid environment", () => {
  it("exits 1 and lists every problem", async () => {
    const { code, output } = await runRefusedConfig({
      PORT: "http",
      HEURISTIC_DELAY_MS: "soon",
      ALLOW_PRIVATE_ENDPOINTS: "maybe",
    });
    expect(code).toBe(1);
    expect(output).toContain("Invalid configuration:");
    for (const name of ["PORT", "HEURISTIC_DELAY_MS", "ALLOW_PRIVATE_ENDPOINTS"]) {
      expect(output).toMatch(new RegExp(`- ${name} must`));
    }
  });
});
