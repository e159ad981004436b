import { describe, expect, it } from "vitest";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Source, SourceContext } from "../../src/sources/source.ts";
import { standardWebhooksSource } from "../../src/sources/presets/standard-webhooks.ts";
import { svixSource } from "../../src/sources/presets/svix.ts";
import { clerkSource } from "../../src/sources/presets/clerk.ts";
import { resendSource } from "../../src/sources/presets/resend.ts";
import { gitlabSigningTokenSource } from "../../src/sources/presets/gitlab-signing-token.ts";
import { stripeSource } from "../../src/sources/presets/stripe.ts";
import { githubSource } from "../../src/sources/presets/github.ts";
import { shopifySource } from "../../src/sources/presets/shopify.ts";
import { slackSource } from "../../src/sources/presets/slack.ts";
import { typeformSource } from "../../src/sources/presets/typeform.ts";
import { intercomSource } from "../../src/sources/presets/intercom.ts";
import { createStandardWebhooksSigner } from "../../src/verify/standard-webhooks-signer.ts";
import { createStripeSigner } from "../../src/verify/stripe.ts";
import { createGitHubSigner } from "../../src/verify/github.ts";
import { createShopifySigner } from "../../src/verify/shopify.ts";
import { createSlackSigner } from "../../src/verify/slack.ts";
import { createTypeformSigner } from "../../src/verify/typeform.ts";
import { createIntercomSigner } from "../../src/verify/intercom.ts";
import type { Signer } from "../../src/verify/signature-scheme.ts";
import { NOW_MS, request } from "../helpers/verify-request.ts";

const whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Signs `payload`, verifies it with the source, and returns what the source extracts. */
async function read(
  source: Source,
  signer: Signer,
  payload: unknown,
  extraHeaders: Record<string, string> = {},
  contentType = "application/json",
) {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload);
  const body = utf8(text);
  const signed = await signer.sign({ body, id: "msg_1", now: NOW_MS });
  const headers = new Headers({ ...extraHeaders, ...signed, "content-type": contentType });
  await source.verifier.verify(request(headers, body));
  const parsed =
    source.parse === undefined ? (JSON.parse(text) as unknown) : source.parse(body, contentType);
  const context: SourceContext = { payload: parsed, headers, body };
  return {
    id: source.id(context),
    type: source.type(context),
    occurredAt: source.occurredAt?.(context),
    context,
  };
}

const anySchema = {
  "~standard": { version: 1, vendor: "test", validate: (value: unknown) => ({ value }) },
} as StandardSchemaV1;

describe("source presets: names, options and schemas", () => {
  it("name each source after its provider unless told otherwise, and pass schemas through", () => {
    const presets: [Source, string][] = [
      [standardWebhooksSource({ secret: whsec }), "standard-webhooks"],
      [svixSource({ secret: whsec }), "svix"],
      [clerkSource({ secret: whsec }), "clerk"],
      [resendSource({ secret: whsec }), "resend"],
      [gitlabSigningTokenSource({ secret: whsec }), "gitlab"],
      [stripeSource({ secret: whsec }), "stripe"],
      [githubSource({ secret: "s" }), "github"],
      [shopifySource({ secret: "s" }), "shopify"],
      [slackSource({ secret: "s" }), "slack"],
      [typeformSource({ secret: "s" }), "typeform"],
      [intercomSource({ secret: "s" }), "intercom"],
    ];
    for (const [source, name] of presets) expect(source.name).toBe(name);
    const custom = stripeSource({
      secret: whsec,
      name: "stripe-connect",
      schemas: { "charge.succeeded": anySchema },
    });
    expect(custom.name).toBe("stripe-connect");
    expect(Object.keys(custom.schemas ?? {})).toEqual(["charge.succeeded"]);
  });

  it("apply the tolerance option, past and future separately", async () => {
    const source = stripeSource({ secret: whsec, tolerance: { pastSeconds: 10 } });
    const body = utf8("{}");
    const headers = await createStripeSigner({ secret: whsec }).sign({
      body,
      now: NOW_MS - 11_000,
    });
    await expect(source.verifier.verify(request(headers, body))).rejects.toMatchObject({
      code: "TIMESTAMP_OUT_OF_TOLERANCE",
    });
  });
});

describe("source presets: id, type and time", () => {
  it("Standard Webhooks: webhook-id, payload type, payload timestamp", async () => {
    const payload = { type: "invoice.paid", timestamp: "2025-12-31T23:59:00Z", data: {} };
    const got = await read(
      standardWebhooksSource({ secret: whsec }),
      createStandardWebhooksSigner({ secret: whsec }),
      payload,
    );
    expect([got.id, got.type, got.occurredAt]).toEqual([
      "msg_1",
      "invoice.paid",
      Date.parse(payload.timestamp),
    ]);
  });

  it("Svix, Clerk and Resend read svix-* headers and their own time fields", async () => {
    const signer = createStandardWebhooksSigner({ secret: whsec, headerPrefix: "svix" });
    const svix = await read(svixSource({ secret: whsec }), signer, { type: "a.b" });
    expect([svix.id, svix.type, svix.occurredAt]).toEqual(["msg_1", "a.b", NOW_MS]);
    const clerk = await read(clerkSource({ secret: whsec }), signer, {
      type: "user.created",
      timestamp: 1_654_012_591_835,
      object: "event",
    });
    expect([clerk.id, clerk.type, clerk.occurredAt]).toEqual([
      "msg_1",
      "user.created",
      1_654_012_591_835,
    ]);
    const resend = await read(resendSource({ secret: whsec }), signer, {
      type: "email.sent",
      created_at: "2025-01-01T00:00:00.000Z",
    });
    expect([resend.type, resend.occurredAt]).toEqual([
      "email.sent",
      Date.parse("2025-01-01T00:00:00.000Z"),
    ]);
  });

  it("GitLab signing token: webhook-id, object_kind", async () => {
    const got = await read(
      gitlabSigningTokenSource({ secret: whsec }),
      createStandardWebhooksSigner({ secret: whsec }),
      { object_kind: "push" },
      { "x-gitlab-event": "Push Hook" },
    );
    expect([got.id, got.type, got.occurredAt]).toEqual(["msg_1", "push", NOW_MS]);
  });

  it("Stripe: evt id, type, created", async () => {
    const got = await read(stripeSource({ secret: whsec }), createStripeSigner({ secret: whsec }), {
      id: "evt_1",
      type: "charge.succeeded",
      created: 1_700_000_000,
    });
    expect([got.id, got.type, got.occurredAt]).toEqual([
      "evt_1",
      "charge.succeeded",
      1_700_000_000_000,
    ]);
  });

  it("GitHub: delivery GUID, event.action, and form-encoded deliveries", async () => {
    const headers = {
      "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
      "x-github-event": "issues",
    };
    const source = githubSource({ secret: "s" });
    const got = await read(
      source,
      createGitHubSigner({ secret: "s" }),
      { action: "opened" },
      headers,
    );
    // The GitHub signer sends `x-github-delivery` itself: the request's id (`msg_1` here).
    expect([got.id, got.type, got.occurredAt]).toEqual(["msg_1", "issues.opened", undefined]);
    const push = await read(
      source,
      createGitHubSigner({ secret: "s" }),
      { ref: "refs/heads/main" },
      { ...headers, "x-github-event": "push" },
    );
    expect(push.type).toBe("push");
    const form = `payload=${encodeURIComponent(JSON.stringify({ action: "closed" }))}`;
    const formGot = await read(
      source,
      createGitHubSigner({ secret: "s" }),
      form,
      headers,
      "application/x-www-form-urlencoded",
    );
    expect(formGot.type).toBe("issues.closed");
    expect(source.mediaTypes).toContain("application/x-www-form-urlencoded");
  });

  it("Shopify: webhook id, topic, triggered-at (prefixed or events headers)", async () => {
    const headers = {
      "x-shopify-webhook-id": "b54557e4",
      "x-shopify-topic": "orders/create",
      "x-shopify-triggered-at": "2023-03-29T18:00:27.877041743Z",
    };
    const got = await read(
      shopifySource({ secret: "s" }),
      createShopifySigner({ secret: "s" }),
      { id: 1 },
      headers,
    );
    expect([got.id, got.type, got.occurredAt]).toEqual([
      "b54557e4",
      "orders/create",
      Date.parse("2023-03-29T18:00:27.877Z"),
    ]);
    const events = await read(
      shopifySource({ secret: "s" }),
      createShopifySigner({ secret: "s" }),
      { id: 1 },
      { "shopify-webhook-id": "e1", "shopify-topic": "orders/paid" },
    );
    expect([events.id, events.type]).toEqual(["e1", "orders/paid"]);
  });

  it("Slack: event_id and inner event type; slash commands and interactivity (form-encoded)", async () => {
    const source = slackSource({ secret: "s" });
    const signer = createSlackSigner({ secret: "s" });
    const event = await read(source, signer, {
      type: "event_callback",
      event_id: "Ev1",
      event_time: 1_700_000_000,
      event: { type: "app_mention" },
    });
    expect([event.id, event.type, event.occurredAt]).toEqual([
      "Ev1",
      "app_mention",
      1_700_000_000_000,
    ]);
    const command = await read(
      source,
      signer,
      "command=%2Fdeploy&text=prod&trigger_id=13345224609.738474920.8088930838d88f008e0",
      {},
      "application/x-www-form-urlencoded",
    );
    expect([command.id, command.type]).toEqual([
      "13345224609.738474920.8088930838d88f008e0",
      "slash_command",
    ]);
    const interaction = `payload=${encodeURIComponent(JSON.stringify({ type: "block_actions", trigger_id: "t1" }))}`;
    const action = await read(
      source,
      signer,
      interaction,
      {},
      "application/x-www-form-urlencoded; charset=utf-8",
    );
    expect([action.id, action.type]).toEqual(["t1", "block_actions"]);
  });

  it("Typeform and Intercom: ids, types and times from the payload", async () => {
    const typeform = await read(
      typeformSource({ secret: "s" }),
      createTypeformSigner({ secret: "s" }),
      {
        event_id: "01H",
        event_type: "form_response",
        form_response: { submitted_at: "2025-01-01T00:00:00Z" },
      },
    );
    expect([typeform.id, typeform.type, typeform.occurredAt]).toEqual([
      "01H",
      "form_response",
      Date.parse("2025-01-01T00:00:00Z"),
    ]);
    const intercom = await read(
      intercomSource({ secret: "s" }),
      createIntercomSigner({ secret: "s" }),
      {
        type: "notification_event",
        id: "notif_1",
        topic: "conversation.user.created",
        created_at: 1_700_000_000,
      },
    );
    expect([intercom.id, intercom.type, intercom.occurredAt]).toEqual([
      "notif_1",
      "conversation.user.created",
      1_700_000_000_000,
    ]);
  });

  it("return undefined rather than throwing on payloads of the wrong shape", async () => {
    const got = await read(
      stripeSource({ secret: whsec }),
      createStripeSigner({ secret: whsec }),
      [1, 2],
    );
    expect([got.id, got.type, got.occurredAt]).toEqual([undefined, undefined, undefined]);
  });
});
