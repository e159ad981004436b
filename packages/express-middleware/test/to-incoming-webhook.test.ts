import { IncomingMessage } from "node:http";
import { Socket } from "node:net";
import { describe, expect, it } from "vitest";
import type { ExpressRequest } from "../src/index.ts";
import { toIncomingWebhook } from "../src/to-incoming-webhook.ts";

function request(fields: Partial<ExpressRequest>): ExpressRequest {
  const req = new IncomingMessage(new Socket()) as ExpressRequest;
  return Object.assign(req, { method: "POST", url: "/x", ...fields });
}

describe("toIncomingWebhook", () => {
  it("hands core Node's header record as it is, with no Headers copy", () => {
    const req = request({ headers: { "set-cookie": ["a=1", "b=2"], "x-one": "1" } });
    expect(toIncomingWebhook(req, undefined).headers).toBe(req.headers);
  });

  it("gives verifiers the URL the sender addressed, before routers stripped their mount path", () => {
    const req = request({
      protocol: "https",
      headers: { host: "hooks.example.com" },
      originalUrl: "/api/webhooks/shop?x=1",
    });
    expect(toIncomingWebhook(req, undefined).url).toBe(
      "https://hooks.example.com/api/webhooks/shop?x=1",
    );
  });

  it("takes the source from :source unless one is fixed, ignoring non-string params", () => {
    expect(toIncomingWebhook(request({ params: { source: "shop" } }), undefined).source).toBe(
      "shop",
    );
    expect(toIncomingWebhook(request({ params: { source: "shop" } }), "fixed").source).toBe(
      "fixed",
    );
    expect(
      toIncomingWebhook(request({ params: { source: ["a", "b"] } }), undefined).source,
    ).toBeUndefined();
  });
});
