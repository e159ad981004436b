import { createStandardWebhooksSigner, silentLogger } from "@hookwise/core";
import { generateEndpointSecret } from "@hookwise/outbound";
import { afterEach, describe, expect, it } from "vitest";
import { CLIENT_WEBHOOK_PATH, createClientReceiver } from "../src/client-receiver.ts";
import type { MerchantNormalizedPayload } from "../src/delivery/merchant-normalized.ts";
import { post, waitFor } from "./helpers/http.ts";

describe("the sample client receiver", () => {
  const secret = generateEndpointSecret();
  const results: MerchantNormalizedPayload[] = [];
  const receiver = createClientReceiver({
    secret,
    logger: silentLogger,
    onResult: (result) => void results.push(result),
  });
  let url: string | undefined;
  afterEach(() => void results.splice(0));
  const start = async (): Promise<string> => {
    url ??= `${await receiver.app.listen({ port: 0, host: "127.0.0.1" })}${CLIENT_WEBHOOK_PATH}`;
    return url;
  };

  const signed = async (signingSecret: string, body: string, id = `msg_${Date.now()}`) =>
    createStandardWebhooksSigner({ secret: signingSecret }).sign({
      id,
      body: new TextEncoder().encode(body),
      now: Date.now(),
    });

  it("accepts a result signed with its secret once, and drops a redelivery of the same webhook-id", async () => {
    const target = await start();
    const body = JSON.stringify({ request_id: "hw_1", merchant: { name: "Starbucks" } });
    const headers = await signed(secret, body, "msg_same");
    expect((await post(target, body, headers)).status).toBe(202);
    expect((await post(target, body, headers)).status).toBe(200); // A duplicate.
    await waitFor(
      async () => results.length,
      (count) => count > 0,
      "the result",
    );
    expect(results).toEqual([{ request_id: "hw_1", merchant: { name: "Starbucks" } }]);
  });

  it("refuses a forged result (another secret, or none) with 401 and never believes it", async () => {
    const target = await start();
    const body = JSON.stringify({ request_id: "hw_2", merchant: { name: "Forged" } });
    const forged = await post(target, body, await signed(generateEndpointSecret(), body));
    expect(forged).toMatchObject({ status: 401, body: { error: { code: "SIGNATURE_MISMATCH" } } });
    expect((await post(target, body)).status).toBe(401);
    const tampered = await signed(secret, body);
    const changed = body.replace("Forged", "Changed");
    expect((await post(target, changed, tampered)).status).toBe(401);
    expect(results).toEqual([]);
  });

  it("refuses a signed body that is not a result with 422", async () => {
    const target = await start();
    const body = JSON.stringify({ request_id: "hw_3" });
    const answer = await post(target, body, await signed(secret, body));
    expect(answer).toMatchObject({ status: 422, body: { error: { code: "PAYLOAD_INVALID" } } });
  });

  it("closes", async () => {
    await receiver.close();
  });
});
