import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { silentLogger } from "../../src/util/logger.ts";
import { describe, expect, it } from "vitest";
import { createIngestor } from "../../src/create-ingestor.ts";
import { answerUrlVerification, slackSource } from "../../src/sources/presets/slack.ts";
import { createSlackSigner } from "../../src/verify/slack.ts";
import { createFakeClock } from "../../src/testing/fake-clock.ts";
import { NOW_MS } from "../helpers/verify-request.ts";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const challenge = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P";
const handshake = JSON.stringify({
  token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",
  challenge,
  type: "url_verification",
});

async function post(body: string, sign = true): Promise<Response> {
  const ingestor = createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources: [slackSource({ secret })],
    clock: createFakeClock(NOW_MS),
  });
  const bytes = new TextEncoder().encode(body);
  const signed = sign ? await createSlackSigner({ secret }).sign({ body: bytes, now: NOW_MS }) : {};
  const response = await ingestor.fetch(
    new Request("http://127.0.0.1/webhooks/slack", {
      method: "POST",
      headers: { ...signed, "content-type": "application/json" },
      body: bytes,
    }),
  );
  await ingestor.close();
  return response;
}

describe("Slack url_verification handshake", () => {
  it("answers a signed url_verification with its challenge, through the ingestor", async () => {
    const response = await post(handshake);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge });
  });

  it("answers an unsigned url_verification with 401, never with the challenge", async () => {
    const response = await post(handshake, false);
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(challenge);
  });

  it("answers only that exact event shape", () => {
    expect(answerUrlVerification(JSON.parse(handshake))).toMatchObject({ status: 200 });
    expect(answerUrlVerification({ type: "url_verification", challenge })).toMatchObject({
      status: 200,
    });
    const notHandshakes = [
      { type: "url_verification", challenge, token: "t", event: { type: "x" } },
      { type: "event_callback", challenge },
      { type: "url_verification", challenge: 42 },
      { type: "url_verification", challenge: "" },
      { type: "url_verification", challenge: "x".repeat(513) },
      { type: "url_verification", challenge, token: 1 },
      [{ type: "url_verification", challenge }],
      null,
    ];
    for (const payload of notHandshakes) expect(answerUrlVerification(payload)).toBeUndefined();
  });

  it("treats a signed event_callback as an event, not a handshake", async () => {
    const response = await post(
      JSON.stringify({
        type: "event_callback",
        event_id: "Ev1",
        challenge,
        event: { type: "app_mention" },
      }),
    );
    // No transformer is registered, so the default unknown-type policy answers 200 "ignored".
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ status: "ignored" });
    expect(text).not.toContain(challenge);
  });
});
