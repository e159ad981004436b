/**
 * POST handshakes of Twitch, Xero and Asana through the real ingestor: each is answered only for a
 * request that proves itself, never stored as an event.
 */
import { describe, expect, it } from "vitest";
import { asanaSource } from "../../src/sources/presets/asana.ts";
import { twitchSource } from "../../src/sources/presets/twitch.ts";
import { xeroSource } from "../../src/sources/presets/xero.ts";
import { utf8 } from "../../src/util/bytes.ts";
import { createAsanaSigner } from "../../src/verify/asana.ts";
import { createTwitchSigner } from "../../src/verify/twitch.ts";
import { createXeroSigner } from "../../src/verify/xero.ts";
import { answerOf, post } from "../helpers/handshake-ingestor.ts";
import { NOW_MS } from "../helpers/tamper.ts";

describe("Twitch webhook_callback_verification", () => {
  const secret = "twitch-secret-0123";
  const source = twitchSource({ secret });
  // The challenge shape of https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#responding-to-a-challenge-request
  const challenge = "pogchamp-kappa-360noscope-vohiyo";
  const body = JSON.stringify({
    challenge,
    subscription: {
      id: "f1c2a387",
      status: "webhook_callback_verification_pending",
      type: "channel.follow",
    },
  });
  const signed = async (key: string, type = "webhook_callback_verification") => ({
    ...(await createTwitchSigner({ secret: key }).sign({
      body: utf8(body),
      id: "m1",
      now: NOW_MS,
    })),
    "twitch-eventsub-message-type": type,
  });

  it("answers the challenge as text/plain after the signature verified", async () => {
    const response = await answerOf([source], post("twitch", body, await signed(secret)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe(challenge);
  });

  it("answers 401 without the challenge to a wrongly signed verification", async () => {
    const response = await answerOf([source], post("twitch", body, await signed("not-the-secret")));
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain(challenge);
  });

  it("does not store a verification whose challenge it would not echo", async () => {
    const odd = JSON.stringify({ challenge: "<b> x", subscription: { type: "channel.follow" } });
    const headers = {
      ...(await createTwitchSigner({ secret }).sign({ body: utf8(odd), id: "m2", now: NOW_MS })),
      "twitch-eventsub-message-type": "webhook_callback_verification",
    };
    expect((await answerOf([source], post("twitch", odd, headers))).status).toBe(400);
  });

  it("accepts notifications and revocations as events", async () => {
    for (const type of ["notification", "revocation"]) {
      const response = await answerOf([source], post("twitch", body, await signed(secret, type)));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: "ignored" });
    }
  });
});

describe("Xero intent to receive", () => {
  const secret = "xero-webhook-key";
  const source = xeroSource({ secret });
  // The validation payload Xero documents (https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/).
  const itr =
    '{"events":[],"lastEventSequence":0,"firstEventSequence":0,"entropy":"S0m3r4Nd0mt3xt"}';
  const sign = (key: string, body: string) =>
    createXeroSigner({ secret: key }).sign({ body: utf8(body), now: NOW_MS });

  it("answers 200 with an empty body to a correctly signed validation", async () => {
    const response = await answerOf([source], post("xero", itr, await sign(secret, itr)));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
  });

  it("answers 401 to an incorrectly signed one", async () => {
    expect((await answerOf([source], post("xero", itr, await sign("wrong", itr)))).status).toBe(
      401,
    );
    expect((await answerOf([source], post("xero", itr, {}))).status).toBe(401);
  });

  it("answers a stored event with 200 and no body, as Xero requires", async () => {
    const events = JSON.stringify({
      events: [
        {
          resourceUrl: "https://api.xero.com/api.xro/2.0/Invoices/1",
          resourceId: "1",
          eventDateUtc: "2026-01-01T00:00:00.000",
          eventType: "UPDATE",
          eventCategory: "INVOICE",
          tenantId: "t1",
          tenantType: "ORGANISATION",
        },
      ],
      firstEventSequence: 7,
      lastEventSequence: 7,
      entropy: "x",
    });
    const response = await answerOf(
      [{ ...source, acknowledge: source.acknowledge }],
      post("xero", events, await sign(secret, events)),
    );
    // No transformer: "ignored" is answered by the ingestor before acknowledge; the id and type read.
    expect(response.status).toBe(200);
    const context = {
      payload: JSON.parse(events) as unknown,
      headers: new Headers(),
      body: utf8(events),
    };
    expect(source.id(context)).toBe("7-7:t1:INVOICE:1:2026-01-01T00:00:00.000:UPDATE");
    expect(source.type(context)).toBe("INVOICE.UPDATE");
    expect(
      source.acknowledge?.({ outcome: "accepted", eventId: "e", type: "t", payload: {} }),
    ).toEqual({
      status: 200,
      headers: {},
      body: "",
    });
  });
});

describe("Asana X-Hook-Secret handshake", () => {
  // The handshake secret of https://developers.asana.com/docs/establish-a-webhook
  const hookSecret = "b537207f20cbfa02357cf448134da559e8bd39d61597dcd5631b8012eae53e81";
  const handshake = () =>
    new Request("https://hooks.example.com/webhooks/asana", {
      method: "POST",
      headers: { "x-hook-secret": hookSecret },
    });

  it("echoes the secret in X-Hook-Secret when the app accepts, and stores it for later events", async () => {
    const stored: string[] = [];
    const source = asanaSource({
      secret: () => stored,
      acceptHandshake: ({ secret }) => {
        stored.push(secret);
        return true;
      },
    });
    const response = await answerOf([source], handshake());
    expect(response.status).toBe(200);
    expect(response.headers.get("x-hook-secret")).toBe(hookSecret);
    expect(await response.text()).toBe("");
    expect(stored).toEqual([hookSecret]);

    const body =
      '{"events":[{"action":"changed","created_at":"2026-01-01T00:00:00.000Z","resource":{"gid":"1","resource_type":"task"},"user":{"gid":"9"}}]}';
    const headers = await createAsanaSigner({ secret: hookSecret }).sign({
      body: utf8(body),
      now: NOW_MS,
    });
    expect((await answerOf([source], post("asana", body, headers))).status).toBe(200);
    expect(
      (await answerOf([source], post("asana", body, { "x-hook-signature": "00" }))).status,
    ).toBe(401);
    const context = {
      payload: JSON.parse(body) as unknown,
      headers: new Headers(),
      body: utf8(body),
    };
    expect(source.type(context)).toBe("task.changed");
    expect(source.id(context)).toBe("2026-01-01T00:00:00.000Z:changed:1:9");
  });

  it("refuses (401, no echo) when the app declines or never opted in", async () => {
    const declined = asanaSource({ secret: "x", acceptHandshake: () => false });
    const notOptedIn = asanaSource({ secret: "x" });
    for (const source of [declined, notOptedIn]) {
      const response = await answerOf([source], handshake());
      expect(response.status).toBe(401);
      expect(response.headers.get("x-hook-secret")).toBeNull();
      expect(await response.text()).not.toContain(hookSecret);
    }
  });

  it("verifies a request carrying both headers as an event, never as a handshake", async () => {
    let asked = false;
    const source = asanaSource({
      secret: "stored",
      acceptHandshake: () => (asked = true),
    });
    const body = '{"events":[]}';
    const response = await answerOf(
      [source],
      post("asana", body, { "x-hook-secret": hookSecret, "x-hook-signature": "ab".repeat(32) }),
    );
    expect(response.status).toBe(401);
    expect(asked).toBe(false);
  });
});
