/** Id, type and time extraction of the issue-12 presets without handshakes. */
import { describe, expect, it } from "vitest";
import { calendlySource } from "../../src/sources/presets/calendly.ts";
import { intuitSource } from "../../src/sources/presets/intuit.ts";
import { lemonSqueezySource } from "../../src/sources/presets/lemon-squeezy.ts";
import { pagerdutySource } from "../../src/sources/presets/pagerduty.ts";
import { segmentSource } from "../../src/sources/presets/segment.ts";
import { sentrySource } from "../../src/sources/presets/sentry.ts";
import { telegramSource } from "../../src/sources/presets/telegram.ts";
import { zendeskSource } from "../../src/sources/presets/zendesk.ts";
import type { Source } from "../../src/sources/source.ts";

function read(source: Source, payload: unknown, headers: Record<string, string> = {}) {
  const context = { payload, headers: new Headers(headers), body: new Uint8Array() };
  return { id: source.id(context), type: source.type(context), at: source.occurredAt?.(context) };
}

describe("documented-provider presets", () => {
  it("Intuit: CloudEvents and legacy payloads", () => {
    const source = intuitSource({ secret: "s" });
    expect(
      read(source, [
        {
          specversion: "1.0",
          id: "88cd",
          type: "qbo.invoice.created.v1",
          time: "2026-01-01T00:00:00.000Z",
        },
      ]),
    ).toEqual({ id: "88cd", type: "qbo.invoice.created.v1", at: Date.UTC(2026, 0, 1) });
    const legacy = {
      eventNotifications: [
        {
          realmId: "1185883450",
          dataChangeEvent: {
            entities: [
              {
                name: "Customer",
                id: "1",
                operation: "Create",
                lastUpdated: "2015-10-05T14:42:19-0700",
              },
            ],
          },
        },
      ],
    };
    expect(read(source, legacy)).toEqual({
      id: "1185883450:Customer:1:Create:2015-10-05T14:42:19-0700",
      type: "Customer.Create",
      at: Date.parse("2015-10-05T14:42:19-0700"),
    });
  });

  it("Sentry: Request-ID, resource.action, hook timestamp", () => {
    expect(
      read(
        sentrySource({ secret: "s" }),
        { action: "created" },
        {
          "request-id": "r-1",
          "sentry-hook-resource": "issue",
          "sentry-hook-timestamp": "1767225600",
        },
      ),
    ).toEqual({ id: "r-1", type: "issue.created", at: Date.UTC(2026, 0, 1) });
  });

  it("PagerDuty, Calendly, Lemon Squeezy, Segment, Zendesk", () => {
    expect(
      read(pagerdutySource({ secret: "s" }), {
        event: { id: "01D", event_type: "incident.triggered", occurred_at: "2026-01-01T00:00:00Z" },
      }),
    ).toEqual({ id: "01D", type: "incident.triggered", at: Date.UTC(2026, 0, 1) });
    expect(
      read(calendlySource({ secret: "s" }), {
        event: "invitee.created",
        created_at: "2026-01-01T00:00:00Z",
        payload: { uri: "https://api.calendly.com/i/1" },
      }),
    ).toEqual({
      id: "invitee.created:https://api.calendly.com/i/1:2026-01-01T00:00:00Z",
      type: "invitee.created",
      at: Date.UTC(2026, 0, 1),
    });
    expect(
      read(lemonSqueezySource({ secret: "s" }), {
        meta: { event_name: "order_created" },
        data: { type: "orders", id: "1", attributes: { updated_at: "2026-01-01T00:00:00Z" } },
      }),
    ).toEqual({
      id: "order_created:orders:1:2026-01-01T00:00:00Z",
      type: "order_created",
      at: Date.UTC(2026, 0, 1),
    });
    expect(
      read(segmentSource({ secret: "s" }), {
        messageId: "ajs-1",
        type: "track",
        timestamp: "2026-01-01T00:00:00Z",
      }),
    ).toEqual({ id: "ajs-1", type: "track", at: Date.UTC(2026, 0, 1) });
    expect(
      read(zendeskSource({ secret: "s" }), {
        id: "z1",
        type: "zen:event-type:ticket.created",
        time: "2026-01-01T00:00:00Z",
      }),
    ).toEqual({ id: "z1", type: "zen:event-type:ticket.created", at: Date.UTC(2026, 0, 1) });
    expect(
      read(
        zendeskSource({ secret: "s" }),
        { ticket: 1 },
        { "x-zendesk-webhook-invocation-id": "inv-1" },
      ),
    ).toMatchObject({ id: "inv-1", type: "trigger" });
  });

  it("Telegram: update_id and the update's kind", () => {
    expect(
      read(telegramSource({ secret: "tok" }), { update_id: 10000, message: { date: 1767225600 } }),
    ).toEqual({ id: "10000", type: "message", at: Date.UTC(2026, 0, 1) });
    expect(
      read(telegramSource({ secret: "tok" }), { update_id: 2, callback_query: { id: "c" } }),
    ).toMatchObject({
      type: "callback_query",
    });
  });
});
