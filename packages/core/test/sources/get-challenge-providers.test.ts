/** Dropbox and Strava GET verification requests through the real ingestor. */
import { describe, expect, it } from "vitest";
import { dropboxSource } from "../../src/sources/presets/dropbox.ts";
import { stravaSource } from "../../src/sources/presets/strava.ts";
import { utf8 } from "../../src/util/bytes.ts";
import { createDropboxSigner } from "../../src/verify/dropbox.ts";
import { answerOf, post } from "../helpers/handshake-ingestor.ts";
import { NOW_MS } from "../helpers/tamper.ts";

const get = (path: string) => new Request(`https://hooks.example.com${path}`);

describe("Dropbox verification request", () => {
  const source = dropboxSource({ secret: "dropbox-app-secret" });

  it("echoes `challenge` as text/plain with nosniff (the example of https://www.dropbox.com/developers/reference/webhooks)", async () => {
    const response = await answerOf([source], get("/webhooks/dropbox?challenge=abc123"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await response.text()).toBe("abc123");
  });

  it("answers 405 without a challenge, for an unsafe one, or when turned off", async () => {
    expect((await answerOf([source], get("/webhooks/dropbox"))).status).toBe(405);
    const html = encodeURIComponent("<script>alert(1)</script> x");
    expect((await answerOf([source], get(`/webhooks/dropbox?challenge=${html}`))).status).toBe(405);
    const off = dropboxSource({ secret: "s", answerChallenge: false });
    expect((await answerOf([off], get("/webhooks/dropbox?challenge=abc123"))).status).toBe(405);
  });

  it("accepts signed notifications with 200 and rejects unsigned ones", async () => {
    const body = '{"list_folder":{"accounts":["dbid:AAH4f99"]},"delta":{"users":[1]}}';
    const headers = await createDropboxSigner({ secret: "dropbox-app-secret" }).sign({
      body: utf8(body),
      now: NOW_MS,
    });
    expect((await answerOf([source], post("dropbox", body, headers))).status).toBe(200);
    expect((await answerOf([source], post("dropbox", body, {}))).status).toBe(401);
  });
});

describe("Strava subscription validation", () => {
  const source = stravaSource({ verifyToken: "STRAVA", callbackToken: "cb-token" });
  // The validation request of https://developers.strava.com/docs/webhooks/
  const validation =
    "hub.verify_token=STRAVA&hub.challenge=15f7d1a91c1f40f8a748fd134752feb3&hub.mode=subscribe";

  it('answers JSON {"hub.challenge": …} only with the right verify token', async () => {
    const response = await answerOf([source], get(`/webhooks/strava?token=cb-token&${validation}`));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ "hub.challenge": "15f7d1a91c1f40f8a748fd134752feb3" });
    const wrong = await answerOf(
      [source],
      get(`/webhooks/strava?${validation.replace("STRAVA", "strava")}`),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).not.toContain("15f7d1a9");
  });

  it("requires the verify token and the callback token", () => {
    expect(() => stravaSource({ verifyToken: "", callbackToken: "x" })).toThrow(/verifyToken/);
    expect(() =>
      stravaSource({ verifyToken: "x", callbackToken: undefined as unknown as string }),
    ).toThrow(/callbackToken/);
  });

  it("accepts events whose callback URL carries the token, with 200", async () => {
    const body =
      '{"aspect_type":"create","event_time":1767225600,"object_id":1360128428,"object_type":"activity","owner_id":134815,"subscription_id":120475,"updates":{}}';
    expect((await answerOf([source], post("strava", body, {}, "?token=cb-token"))).status).toBe(
      200,
    );
    expect((await answerOf([source], post("strava", body, {}))).status).toBe(401);
    const context = {
      payload: JSON.parse(body) as unknown,
      headers: new Headers(),
      body: utf8(body),
    };
    expect(source.id(context)).toBe("120475:activity:1360128428:create:1767225600");
    expect(source.type(context)).toBe("activity.create");
    expect(source.occurredAt?.(context)).toBe(1767225600000);
  });
});
