import fc from "fast-check";
import twilio from "twilio";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import {
  createTwilioSigner,
  createTwilioVerifier,
  withTwilioBodyHash,
} from "../../src/verify/twilio.ts";
import { expectedVerdict, loadVectors, vectorRequest, vectorSecrets } from "../helpers/vectors.ts";
import {
  expectRejected,
  flipBit,
  flipSignatureBit,
  isRejected,
  makeRequest,
  NOW_MS,
  PROPERTY_RUNS,
  withHeader,
} from "../helpers/tamper.ts";

const token = "twilio-auth-token-0123456789abcdef";
const url = "https://hooks.example.com/twilio/sms?site=eu&x=1";
const form =
  "MessageSid=SM123&From=%2B14155550100&To=%2B14155550199&Body=Hello+world%21&NumMedia=0";

/** The parameters an Express app would hand to twilio-node (repeated names become arrays). */
function paramsOf(body: string): Record<string, string | string[]> {
  const params: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = params[name];
    params[name] =
      previous === undefined
        ? value
        : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return params;
}

async function signedRequest(
  body: string,
  at: string = url,
): Promise<ReturnType<typeof makeRequest>> {
  const headers = await createTwilioSigner({ secret: token }).sign({
    body: utf8(body),
    url: at,
    now: NOW_MS,
  });
  return makeRequest({
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body,
    url: at,
  });
}

describe("Twilio verifier: published examples", () => {
  for (const vector of loadVectors("twilio")) {
    it(`${vector.id} is ${expectedVerdict(vector)}`, async () => {
      const verify = createTwilioVerifier({ secret: vectorSecrets(vector) }).verify(
        vectorRequest(vector),
      );
      if (expectedVerdict(vector) === "valid") await verify;
      else await expect(verify).rejects.toMatchObject({ status: 401 });
    });
  }
});

describe("Twilio verifier: interop with twilio-node", () => {
  const verifier = createTwilioVerifier({ secret: token });

  it("accepts a form callback signed by twilio-node", async () => {
    const signature = twilio.getExpectedTwilioSignature(token, url, paramsOf(form));
    await verifier.verify(
      makeRequest({ headers: { "x-twilio-signature": signature }, body: form, url }),
    );
  });

  it("signs form callbacks that twilio-node's validateRequest accepts, repeated names included", async () => {
    const body = `${form}&MediaUrl=b&MediaUrl=a&MediaUrl=b`;
    const request = await signedRequest(body);
    const signature = request.headers.get("x-twilio-signature") ?? "";
    expect(twilio.validateRequest(token, signature, url, paramsOf(body))).toBe(true);
    await verifier.verify(request);
  });

  it("accepts a JSON callback whose bodySHA256 matches, like validateRequestWithBody", async () => {
    const body = '{"event":"com.twilio.messaging.message.delivered","id":"EZ1"}';
    const signedUrl = await withTwilioBodyHash(url, utf8(body));
    const signature = twilio.getExpectedTwilioSignature(token, signedUrl, {});
    expect(twilio.validateRequestWithBody(token, signature, signedUrl, body)).toBe(true);
    await verifier.verify(
      makeRequest({ headers: { "x-twilio-signature": signature }, body, url: signedUrl }),
    );
    const ours = await createTwilioSigner({ secret: token }).sign({
      body: utf8(body),
      url: signedUrl,
      now: NOW_MS,
    });
    expect(ours["x-twilio-signature"]).toBe(signature);
  });

  it("rejects a JSON body changed after signing, as validateRequestWithBody does", async () => {
    const body = '{"id":"EZ1","amount":1}';
    const signedUrl = await withTwilioBodyHash(url, utf8(body));
    const signature = twilio.getExpectedTwilioSignature(token, signedUrl, {});
    const tampered = '{"id":"EZ1","amount":9}';
    expect(twilio.validateRequestWithBody(token, signature, signedUrl, tampered)).toBe(false);
    const request = makeRequest({
      headers: { "x-twilio-signature": signature },
      body: tampered,
      url: signedUrl,
    });
    await expectRejected(verifier.verify(request), "SIGNATURE_MISMATCH");
  });

  it("accepts the URL with or without the default port, as twilio-node does", async () => {
    const signature = twilio.getExpectedTwilioSignature(token, url, paramsOf(form));
    const withPort = "https://hooks.example.com:443/twilio/sms?site=eu&x=1";
    expect(twilio.validateRequest(token, signature, withPort, paramsOf(form))).toBe(true);
    await verifier.verify(
      makeRequest({ headers: { "x-twilio-signature": signature }, body: form, url: withPort }),
    );
  });

  it("rejects what twilio-node rejects: another token, another URL, another parameter", async () => {
    const signature = twilio.getExpectedTwilioSignature("another-token", url, paramsOf(form));
    expect(twilio.validateRequest(token, signature, url, paramsOf(form))).toBe(false);
    await expectRejected(
      verifier.verify(
        makeRequest({ headers: { "x-twilio-signature": signature }, body: form, url }),
      ),
      "SIGNATURE_MISMATCH",
      [token],
    );
    const good = twilio.getExpectedTwilioSignature(token, url, paramsOf(form));
    const otherUrl = "https://hooks.example.com/twilio/sms?site=us&x=1";
    expect(twilio.validateRequest(token, good, otherUrl, paramsOf(form))).toBe(false);
    await expectRejected(
      verifier.verify(
        makeRequest({ headers: { "x-twilio-signature": good }, body: form, url: otherUrl }),
      ),
      "SIGNATURE_MISMATCH",
    );
    const otherBody = form.replace("Hello", "Hallo");
    expect(twilio.validateRequest(token, good, url, paramsOf(otherBody))).toBe(false);
    await expectRejected(
      verifier.verify(
        makeRequest({ headers: { "x-twilio-signature": good }, body: otherBody, url }),
      ),
      "SIGNATURE_MISMATCH",
    );
  });
});

describe("Twilio verifier: configuration and failures", () => {
  it("rebuilds the public URL behind a proxy from `publicUrl`", async () => {
    const signed = await signedRequest(form);
    const seenByServer = { ...signed, url: "http://10.0.0.7:3000/twilio/sms?site=eu&x=1" };
    await expectRejected(
      createTwilioVerifier({ secret: token }).verify(seenByServer),
      "SIGNATURE_MISMATCH",
    );
    await createTwilioVerifier({ secret: token, publicUrl: "https://hooks.example.com" }).verify(
      seenByServer,
    );
    await createTwilioVerifier({ secret: token, publicUrl: () => url }).verify(seenByServer);
  });

  it("accepts either auth token while promoting the secondary", async () => {
    await createTwilioVerifier({ secret: ["new-token", token] }).verify(await signedRequest(form));
  });

  it("says what is wrong: missing, malformed, mismatched", async () => {
    const verifier = createTwilioVerifier({ secret: token });
    await expectRejected(
      verifier.verify(makeRequest({ headers: {}, body: form, url })),
      "SIGNATURE_MISSING",
    );
    const malformed = makeRequest({
      headers: { "x-twilio-signature": "not base64!" },
      body: form,
      url,
    });
    await expectRejected(verifier.verify(malformed), "SIGNATURE_MALFORMED");
    const short = makeRequest({ headers: { "x-twilio-signature": "AAAA" }, body: form, url });
    await expectRejected(verifier.verify(short), "SIGNATURE_MALFORMED");
  });

  it("refuses a string `publicUrl` that is not an origin", () => {
    expect(() =>
      createTwilioVerifier({ secret: token, publicUrl: "https://x.example/path" }),
    ).toThrow(/`publicUrl`/);
    expect(() => createTwilioVerifier({ secret: "" })).toThrow(/`secret`/);
  });
});

describe("Twilio verifier: any single-bit change is rejected", () => {
  const verifier = createTwilioVerifier({ secret: token });
  // Twilio signs the DECODED parameters, so `%2B` and `%2b` are the same request by design:
  // bodies here have no percent-escapes, and JSON bodies are bound byte for byte via bodySHA256.
  const formBodies = fc.stringMatching(/^[a-zA-Z0-9_.=&-]{1,60}$/);

  it("in a form body (without percent-escapes)", async () => {
    await fc.assert(
      fc.asyncProperty(formBodies, fc.nat(), async (body, bit) => {
        const request = await signedRequest(body);
        const tampered = {
          ...request,
          body: flipBit(request.body, bit % (request.body.length * 8)),
        };
        expect(await isRejected(verifier, tampered)).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("in a JSON body bound by bodySHA256", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.nat(),
        async (body, bit) => {
          const signedUrl = await withTwilioBodyHash(url, body);
          const headers = await createTwilioSigner({ secret: token }).sign({
            body,
            url: signedUrl,
            now: NOW_MS,
          });
          const tampered = makeRequest({
            headers,
            body: flipBit(body, bit % (body.length * 8)),
            url: signedUrl,
          });
          expect(await isRejected(verifier, tampered)).toBe(true);
        },
      ),
      { numRuns: PROPERTY_RUNS },
    );
  });

  it("in the signature", async () => {
    await fc.assert(
      fc.asyncProperty(formBodies, fc.nat(), async (body, bit) => {
        const request = await signedRequest(body);
        const header = request.headers.get("x-twilio-signature") ?? "";
        const tampered = withHeader(
          request,
          "x-twilio-signature",
          flipSignatureBit(header, /^(.*)$/, "base64", bit),
        );
        expect(tampered !== undefined && (await isRejected(verifier, tampered))).toBe(true);
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
