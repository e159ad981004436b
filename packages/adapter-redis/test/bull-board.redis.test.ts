import { afterAll, beforeAll, expect, it } from "vitest";
import { silentLogger } from "@hookwise/core";
import { createRedisAdapter, QUEUE_NAME, type RedisAdapter } from "@hookwise/adapter-redis";
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { AppControllerRoute, IServerAdapter } from "@bull-board/api/typings/app";
import { describeRedis } from "./helpers/describe-redis.ts";
import { deleteKeys, plainClient, REDIS_URL, uniquePrefix } from "./helpers/redis-env.ts";

/** A server adapter that keeps bull-board's routes, so the test calls its API without a web server. */
function recordingServer(): IServerAdapter & {
  readonly routes: AppControllerRoute[];
  queues: unknown;
} {
  const server = {
    routes: [] as AppControllerRoute[],
    queues: undefined as unknown,
    setQueues(queues: unknown) {
      server.queues = queues;
      return server;
    },
    setViewsPath: () => server,
    setStaticPath: () => server,
    setEntryRoute: () => server,
    setErrorHandler: () => server,
    setUIConfig: () => server,
    setApiRoutes(routes: AppControllerRoute[]) {
      server.routes.push(...routes);
      return server;
    },
  };
  return server;
}

describeRedis("bull-board shows the adapter's queue", () => {
  const prefix = uniquePrefix("bull-board");
  let adapter: RedisAdapter;

  beforeAll(() => {
    adapter = createRedisAdapter({ url: REDIS_URL, prefix, logger: silentLogger });
  });

  afterAll(async () => {
    await adapter.close();
    const client = plainClient();
    await deleteKeys(client, prefix);
    client.disconnect();
  });

  it("mounts BullMQAdapter on adapter.bullmq.queue and reads the counts back", async () => {
    expect(adapter.bullmq).toMatchObject({ prefix: `{${prefix}}`, queueName: QUEUE_NAME });
    await adapter.queue.enqueue({ kind: "process", id: "process:evt-1", eventId: "evt-1" });
    await adapter.queue.enqueue({ kind: "process", id: "process:evt-2", eventId: "evt-2" });
    await adapter.queue.enqueue(
      { kind: "process", id: "process:evt-3", eventId: "evt-3" },
      { delayMs: 60_000 },
    );
    const server = recordingServer();
    createBullBoard({ queues: [new BullMQAdapter(adapter.bullmq.queue)], serverAdapter: server });
    const route = server.routes.find((candidate) => candidate.route === "/api/queues");
    const answer = await route?.handler({
      queues: server.queues as never,
      uiConfig: {},
      query: {},
      params: {},
      body: {},
      headers: {},
    });
    const body = answer?.body as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues).toHaveLength(1);
    expect(body.queues[0]?.name).toBe(QUEUE_NAME);
    expect(body.queues[0]?.counts).toMatchObject({ waiting: 2, delayed: 1, active: 0 });
  });
});
