/**
 * GET challenges: answered only by a source that defines `challenge`, only when the request proves
 * itself; every other GET stays 405 (including an unknown source, so GET cannot probe names).
 */
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { silentLogger } from "../../src/util/logger.ts";
import { describe, expect, it } from "vitest";
import { createIngestor } from "../../src/create-ingestor.ts";
import { githubSource } from "../../src/sources/presets/github.ts";
import { metaSource } from "../../src/sources/presets/meta.ts";
import type { Source } from "../../src/sources/source.ts";
import { createFakeClock } from "../../src/testing/fake-clock.ts";
import { utf8 } from "../../src/util/bytes.ts";
import { createMetaSigner } from "../../src/verify/meta.ts";
import { NOW_MS } from "../helpers/tamper.ts";

// The sample verification request of https://developers.facebook.com/docs/graph-api/webhooks/getting-started
const SAMPLE = "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock";

function ingestorWith(...sources: Source[]) {
  return createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources,
    clock: createFakeClock(NOW_MS),
  });
}

async function get(sources: Source[], path: string, method = "GET"): Promise<Response> {
  const ingestor = ingestorWith(...sources);
  try {
    return await ingestor.fetch(new Request(`https://hooks.example.com${path}`, { method }));
  } finally {
    await ingestor.close();
  }
}

const meta = metaSource({ secret: "app-secret", verifyToken: "meatyhamhock" });
const github = githubSource({ secret: "gh-secret" });

describe("GET challenges through the ingestor", () => {
  it("answers Meta's documented sample verification with the challenge as text/plain", async () => {
    const response = await get([meta, github], `/webhooks/meta?${SAMPLE}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe("1158201444");
  });

  it("answers 401 without echoing for a wrong or missing verify token", async () => {
    for (const query of [
      "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhocK",
      "hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=",
      "hub.mode=subscribe&hub.challenge=1158201444",
    ]) {
      const response = await get([meta], `/webhooks/meta?${query}`);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain("1158201444");
    }
  });

  it("accepts any configured verify token while changing it", async () => {
    const rotating = metaSource({ secret: "s", verifyToken: ["new-token", "meatyhamhock"] });
    expect((await get([rotating], `/webhooks/meta?${SAMPLE}`)).status).toBe(200);
  });

  it("answers 405 to a GET that is not a verification, and never echoes unsafe challenges", async () => {
    for (const query of [
      "",
      "hub.mode=unsubscribe&hub.challenge=1&hub.verify_token=meatyhamhock",
      "hub.mode=subscribe&hub.verify_token=meatyhamhock",
      `hub.mode=subscribe&hub.challenge=${encodeURIComponent("<script>")}x&hub.verify_token=meatyhamhock`.replace(
        "x",
        " ",
      ),
      `hub.mode=subscribe&hub.challenge=${"9".repeat(513)}&hub.verify_token=meatyhamhock`,
    ]) {
      const response = await get([meta], `/webhooks/meta?${query}`);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST, GET");
    }
  });

  it("keeps 405 for sources without a challenge hook, unknown sources and other methods", async () => {
    const withoutToken = metaSource({ secret: "app-secret" });
    for (const [sources, path, method] of [
      [[meta, github], `/webhooks/github?${SAMPLE}`, "GET"],
      [[withoutToken], `/webhooks/meta?${SAMPLE}`, "GET"],
      [[meta, github], `/webhooks/nope?${SAMPLE}`, "GET"],
      [[meta], `/webhooks/meta?${SAMPLE}`, "PUT"],
    ] as const) {
      const response = await get([...sources], path, method);
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
  });

  it("still verifies and accepts POSTs on a source with a challenge hook, answering 200", async () => {
    const ingestor = ingestorWith(meta);
    const body = utf8(
      '{"object":"whatsapp_business_account","entry":[{"id":"102","changes":[{"field":"messages","value":{"messages":[{"id":"wamid.1","timestamp":"1767225600"}]}}]}]}',
    );
    const headers = await createMetaSigner({ secret: "app-secret" }).sign({ body, now: NOW_MS });
    const post = (signature: Record<string, string>) =>
      ingestor.fetch(
        new Request("https://hooks.example.com/webhooks/meta", {
          method: "POST",
          headers: { ...signature, "content-type": "application/json" },
          body: body as Uint8Array<ArrayBuffer>,
        }),
      );
    const accepted = await post(headers);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ status: "ignored" });
    expect((await post({})).status).toBe(401);
    await ingestor.close();
  });
});

describe("Meta source extraction", () => {
  const context = (payload: unknown) => ({
    payload,
    headers: new Headers(),
    body: new Uint8Array(),
  });

  it("reads WhatsApp, Messenger and Graph API change shapes", () => {
    const whatsapp = {
      object: "whatsapp_business_account",
      entry: [
        { id: "102", changes: [{ field: "messages", value: { messages: [{ id: "wamid.1" }] } }] },
      ],
    };
    expect(meta.id(context(whatsapp))).toBe("whatsapp_business_account:102:wamid.1");
    expect(meta.type(context(whatsapp))).toBe("whatsapp_business_account.messages");
    const messenger = {
      object: "page",
      entry: [{ id: "p1", time: 1767225600123, messaging: [{ message: { mid: "m_1" } }] }],
    };
    expect(meta.id(context(messenger))).toBe("page:p1:1767225600123:m_1");
    expect(meta.type(context(messenger))).toBe("page.messaging");
    expect(meta.occurredAt?.(context(messenger))).toBe(1767225600123);
    const graph = {
      object: "user",
      entry: [{ id: "u1", time: 1767225600, changes: [{ field: "photos" }] }],
    };
    expect(meta.type(context(graph))).toBe("user.photos");
    expect(meta.occurredAt?.(context(graph))).toBe(1767225600000);
    expect(meta.id(context({ object: "page", entry: [] }))).toBeUndefined();
  });
});
