import { generateKeyPairSync } from "node:crypto";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import { describe, expect, it } from "vitest";
import type { Source, SourceContext } from "../../src/sources/source.ts";
import { discordSource } from "../../src/sources/presets/discord.ts";
import { gitlabSource } from "../../src/sources/presets/gitlab.ts";
import { hubspotSource } from "../../src/sources/presets/hubspot.ts";
import { linearSource } from "../../src/sources/presets/linear.ts";
import { mailgunSource } from "../../src/sources/presets/mailgun.ts";
import { paddleSource } from "../../src/sources/presets/paddle.ts";
import { sendgridSource } from "../../src/sources/presets/sendgrid.ts";
import { squareSource } from "../../src/sources/presets/square.ts";
import { twilioSource } from "../../src/sources/presets/twilio.ts";
import { workosSource } from "../../src/sources/presets/workos.ts";
import { zoomSource } from "../../src/sources/presets/zoom.ts";
import { fromUtf8, utf8 } from "../../src/util/bytes.ts";
import { createDiscordSigner } from "../../src/verify/discord.ts";
import { createGitLabSigner } from "../../src/verify/gitlab.ts";
import { createHubSpotSigner } from "../../src/verify/hubspot.ts";
import { createLinearSigner } from "../../src/verify/linear.ts";
import { createMailgunSigner } from "../../src/verify/mailgun.ts";
import { createPaddleSigner } from "../../src/verify/paddle.ts";
import { createSendGridSigner } from "../../src/verify/sendgrid.ts";
import type { Signer } from "../../src/verify/signature-scheme.ts";
import { createSquareSigner } from "../../src/verify/square.ts";
import { createTwilioSigner } from "../../src/verify/twilio.ts";
import { createWorkOSSigner } from "../../src/verify/workos.ts";
import { createZoomSigner } from "../../src/verify/zoom.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const URL = "https://hooks.example.com/webhooks/x";
const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
const ed = await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"]);
const edPublic = Buffer.from(await crypto.subtle.exportKey("raw", ed.publicKey)).toString("hex");
const ecPublic = ec.publicKey.export({ format: "der", type: "spki" }).toString("base64");

/** Signs `text`, verifies it with the source, parses it, and returns what the source extracts. */
async function read(
  source: Source,
  signer: Signer | undefined,
  text: string,
  options: { headers?: Record<string, string>; contentType?: string } = {},
) {
  const body = utf8(text);
  const contentType = options.contentType ?? "application/json";
  const signed =
    signer === undefined ? {} : await signer.sign({ body, url: URL, method: "POST", now: NOW_MS });
  const request = makeRequest({
    headers: { ...options.headers, ...signed, "content-type": contentType },
    body,
    url: URL,
  });
  await source.verifier.verify(request);
  const payload =
    source.parse === undefined ? (JSON.parse(text) as unknown) : source.parse(body, contentType);
  const context: SourceContext = { payload, headers: request.headers, body };
  return {
    id: source.id(context),
    type: source.type(context),
    occurredAt: source.occurredAt?.(context),
    payload,
  };
}

const anySchema = {
  "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) },
} as StandardSchemaV1;

describe("provider presets: names and schemas", () => {
  it("name each source after its provider unless told otherwise, and pass schemas through", () => {
    const presets: [Source, string][] = [
      [twilioSource({ secret: "t" }), "twilio"],
      [squareSource({ secret: "s" }), "square"],
      [paddleSource({ secret: "p" }), "paddle"],
      [linearSource({ secret: "l" }), "linear"],
      [zoomSource({ secret: "z" }), "zoom"],
      [hubspotSource({ secret: "h" }), "hubspot"],
      [mailgunSource({ secret: "m" }), "mailgun"],
      [sendgridSource({ publicKey: ecPublic }), "sendgrid"],
      [discordSource({ publicKey: edPublic }), "discord"],
      [workosSource({ secret: "w" }), "workos"],
      [gitlabSource({ secret: "g" }), "gitlab"],
    ];
    for (const [source, name] of presets) expect(source.name).toBe(name);
    const named = twilioSource({
      secret: "t",
      name: "sms",
      schemas: { "message.delivered": anySchema },
    });
    expect(named.name).toBe("sms");
    expect(named.schemas?.["message.delivered"]).toBe(anySchema);
  });
});

describe("provider presets: id, type and time", () => {
  it("Twilio: the idempotency header, a status type, form fields parsed", async () => {
    const form =
      "MessageSid=SM1&MessageStatus=delivered&To=%2B1555&Timestamp=Thu%2C+01+Jan+2026+00%3A00%3A00+%2B0000";
    const source = twilioSource({ secret: "token" });
    const signer = createTwilioSigner({ secret: "token" });
    const withHeader = await read(source, signer, form, {
      contentType: "application/x-www-form-urlencoded",
      headers: { "i-twilio-idempotency-token": "idem-1" },
    });
    expect(withHeader).toMatchObject({
      id: "idem-1",
      type: "message.delivered",
      occurredAt: NOW_MS,
      payload: { To: "+1555" },
    });
    const incoming = await read(source, signer, "MessageSid=SM2&SmsStatus=received&Body=hi", {
      contentType: "application/x-www-form-urlencoded",
    });
    expect(incoming).toMatchObject({ id: "SM2:received", type: "message.received" });
    const call = await read(source, signer, "CallSid=CA1&CallStatus=completed&SequenceNumber=3", {
      contentType: "application/x-www-form-urlencoded",
    });
    expect(call).toMatchObject({ id: "CA1:completed:3", type: "call.completed" });
  });

  it("Twilio: keeps repeated form fields, and a field named __proto__ is data", () => {
    const payload = twilioSource({ secret: "t" }).parse?.(
      utf8("a=1&a=2&__proto__=x"),
      "application/x-www-form-urlencoded",
    );
    expect(payload).toEqual(
      Object.defineProperty({ a: ["1", "2"] }, "__proto__", { value: "x", enumerable: true }),
    );
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
  });

  it("Square, Paddle and WorkOS: the event's own id, type and time", async () => {
    const square = await read(
      squareSource({ secret: "k", publicUrl: () => URL }),
      createSquareSigner({ secret: "k" }),
      JSON.stringify({
        event_id: "e1",
        type: "payment.updated",
        created_at: "2026-01-01T00:00:00Z",
      }),
    );
    expect(square).toMatchObject({ id: "e1", type: "payment.updated", occurredAt: NOW_MS });
    const paddle = await read(
      paddleSource({ secret: "k" }),
      createPaddleSigner({ secret: "k" }),
      JSON.stringify({
        event_id: "evt_1",
        event_type: "transaction.completed",
        occurred_at: "2026-01-01T00:00:00Z",
      }),
    );
    expect(paddle).toMatchObject({
      id: "evt_1",
      type: "transaction.completed",
      occurredAt: NOW_MS,
    });
    const workos = await read(
      workosSource({ secret: "k" }),
      createWorkOSSigner({ secret: "k" }),
      JSON.stringify({
        id: "event_1",
        event: "user.created",
        created_at: "2026-01-01T00:00:00Z",
        data: {},
      }),
    );
    expect(workos).toMatchObject({ id: "event_1", type: "user.created", occurredAt: NOW_MS });
  });

  it("Linear: the delivery header, else the webhook id with the signed timestamp", async () => {
    const text = JSON.stringify({
      type: "Issue",
      action: "create",
      webhookId: "wh1",
      webhookTimestamp: NOW_MS,
      createdAt: "2026-01-01T00:00:00Z",
    });
    const source = linearSource({ secret: "k" });
    expect(
      await read(source, createLinearSigner({ secret: "k" }), text, {
        headers: { "linear-delivery": "d-1" },
      }),
    ).toMatchObject({ id: "d-1", type: "Issue", occurredAt: NOW_MS });
    expect(await read(source, createLinearSigner({ secret: "k" }), text)).toMatchObject({
      id: `wh1:${NOW_MS}`,
    });
  });

  it("Zoom: event, time, account and object joined, since Zoom sends no event id", async () => {
    const text = JSON.stringify({
      event: "meeting.started",
      event_ts: NOW_MS,
      payload: { account_id: "A1", object: { id: 85, uuid: "u==" } },
    });
    expect(
      await read(zoomSource({ secret: "k" }), createZoomSigner({ secret: "k" }), text),
    ).toMatchObject({
      id: `meeting.started:${NOW_MS}:A1:u==`,
      type: "meeting.started",
      occurredAt: NOW_MS,
    });
  });

  it("HubSpot: a batch is one event of type batch, keyed by its first and last events", async () => {
    const events = [1, 2, 3].map((n) => ({
      eventId: n,
      subscriptionId: 9,
      occurredAt: NOW_MS + n,
      subscriptionType: "contact.creation",
    }));
    const source = hubspotSource({ secret: "k" });
    const batch = await read(source, createHubSpotSigner({ secret: "k" }), JSON.stringify(events));
    expect(batch).toMatchObject({
      id: `batch:3:9-1-${NOW_MS + 1}:9-3-${NOW_MS + 3}`,
      type: "batch",
      occurredAt: NOW_MS + 1,
    });
    const one = await read(
      source,
      createHubSpotSigner({ secret: "k" }),
      JSON.stringify(events.slice(0, 1)),
    );
    expect(one).toMatchObject({ id: `9-1-${NOW_MS + 1}`, type: "batch" });
  });

  it("SendGrid: a batch keyed by sg_event_ids, timed by its earliest event", async () => {
    const events = [
      { sg_event_id: "a", event: "delivered", timestamp: NOW_MS / 1000 - 5 },
      { sg_event_id: "b", event: "open", timestamp: NOW_MS / 1000 - 9 },
    ];
    const result = await read(
      sendgridSource({ publicKey: ecPublic }),
      createSendGridSigner({
        privateKey: ec.privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
      }),
      `${JSON.stringify(events)}\r\n`,
    );
    expect(result).toMatchObject({ id: "batch:2:a:b", type: "batch", occurredAt: NOW_MS - 9000 });
  });

  it("Mailgun: the signature token is the id, read from the parsed body (JSON or form)", async () => {
    const signer = createMailgunSigner({ secret: "k", createToken: () => "tok-1" });
    const body = fromUtf8(
      await signer.signEvent({ event: "delivered", timestamp: NOW_MS / 1000 }, NOW_MS),
    );
    expect(await read(mailgunSource({ secret: "k" }), undefined, body)).toMatchObject({
      id: "tok-1",
      type: "delivered",
      occurredAt: NOW_MS,
    });
    const block = await signer.signBlock(String(NOW_MS / 1000), "tok-2");
    const form = new URLSearchParams({ event: "opened", ...block }).toString();
    expect(
      await read(mailgunSource({ secret: "k" }), undefined, form, {
        contentType: "application/x-www-form-urlencoded",
      }),
    ).toMatchObject({ id: "tok-2", type: "opened" });
  });

  it("Discord: the interaction id, its type name, and the time inside the snowflake", async () => {
    // Discord's documented snowflake example: 175928847299117063 was made at 2016-04-30T11:18:25.796Z.
    const text = JSON.stringify({
      id: "175928847299117063",
      type: 2,
      application_id: "1",
      token: "t",
    });
    const result = await read(
      discordSource({ publicKey: edPublic }),
      createDiscordSigner({ privateKey: ed.privateKey }),
      text,
    );
    expect(result).toMatchObject({ id: "175928847299117063", type: "APPLICATION_COMMAND" });
    expect(new Date(result.occurredAt ?? 0).toISOString()).toBe("2016-04-30T11:18:25.796Z");
    const event = JSON.stringify({
      version: 1,
      application_id: "1",
      type: 1,
      event: { type: "ENTITLEMENT_CREATE", timestamp: "2026-01-01T00:00:00Z", data: {} },
    });
    const events = discordSource({ publicKey: edPublic, kind: "webhook-events" });
    expect(
      await read(events, createDiscordSigner({ privateKey: ed.privateKey }), event),
    ).toMatchObject({
      id: "1:ENTITLEMENT_CREATE:2026-01-01T00:00:00Z",
      type: "ENTITLEMENT_CREATE",
      occurredAt: NOW_MS,
    });
  });

  it("GitLab token: Idempotency-Key, else the event UUID; object_kind, else the event header", async () => {
    const source = gitlabSource({ secret: "tok" });
    const signer = createGitLabSigner({ secret: "tok" });
    expect(
      await read(source, signer, JSON.stringify({ object_kind: "push" }), {
        headers: { "idempotency-key": "k1", "x-gitlab-event-uuid": "u1" },
      }),
    ).toMatchObject({ id: "k1", type: "push" });
    expect(
      await read(source, signer, "{}", {
        headers: { "x-gitlab-event-uuid": "u1", "x-gitlab-event": "Push Hook" },
      }),
    ).toMatchObject({ id: "u1", type: "Push Hook" });
  });
});
