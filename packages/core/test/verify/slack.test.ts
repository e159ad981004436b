import { describe, expect, it } from "vitest";
import { isValidSlackRequest } from "@slack/bolt";
import { createSlackSigner, createSlackVerifier } from "../../src/verify/slack.ts";
import { expectRejected, NOW_MS, request } from "../helpers/verify-request.ts";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
const payload = '{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention"}}';
const bytes = new TextEncoder().encode(payload);
const boltAccepts = (headers: Record<string, string>, body = payload, nowMs = NOW_MS): boolean =>
  isValidSlackRequest({
    signingSecret: secret,
    body,
    headers: {
      "x-slack-signature": headers["x-slack-signature"] ?? "",
      "x-slack-request-timestamp": Number(headers["x-slack-request-timestamp"]),
    },
    nowMilliseconds: nowMs,
  });

describe("Slack, interop with @slack/bolt", () => {
  const verifier = createSlackVerifier({ secret });
  const signAt = (now: number): Promise<Record<string, string>> =>
    createSlackSigner({ secret }).sign({ body: bytes, now });

  it("signs what bolt accepts, and verifies it", async () => {
    const headers = await signAt(NOW_MS);
    expect(boltAccepts(headers)).toBe(true);
    await verifier.verify(request(headers, payload));
  });

  it("rejects what bolt rejects: tampered body, wrong secret, older than 300 s", async () => {
    const headers = await signAt(NOW_MS);
    expect(boltAccepts(headers, payload + " ")).toBe(false);
    await expectRejected(verifier, request(headers, payload + " "), "SIGNATURE_MISMATCH");
    await expectRejected(
      createSlackVerifier({ secret: "other" }),
      request(headers, payload),
      "SIGNATURE_MISMATCH",
    );
    const old = await signAt(NOW_MS - 301_000);
    expect(boltAccepts(old)).toBe(false);
    await expectRejected(verifier, request(old, payload), "TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("rejects a timestamp more than 300 s ahead, which bolt accepts (docs: five minutes from local time; the Python SDK agrees)", async () => {
    const future = await signAt(NOW_MS + 301_000);
    expect(boltAccepts(future)).toBe(true);
    await expectRejected(verifier, request(future, payload), "TIMESTAMP_OUT_OF_TOLERANCE");
  });

  it("rejects any version but v0, and a missing timestamp", async () => {
    const headers = await signAt(NOW_MS);
    const v1 = {
      ...headers,
      "x-slack-signature": (headers["x-slack-signature"] ?? "").replace("v0=", "v1="),
    };
    await expectRejected(verifier, request(v1, payload), "SIGNATURE_MALFORMED");
    await expectRejected(
      verifier,
      request({ "x-slack-signature": headers["x-slack-signature"] ?? "" }, payload),
      "TIMESTAMP_INVALID",
    );
  });
});
