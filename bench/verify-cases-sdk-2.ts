/**
 * Verification bench cases for the issue-12 providers with an official SDK verifier: Razorpay,
 * LINE, Pusher and Adyen, each against its SDK and a node:crypto floor. Same contract as the
 * cases in verify-cases.ts (contestants of one scheme; hookwise first).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { hmacValidator as AdyenHmacValidator } from "@adyen/api-library";
import { validateSignature as lineValidateSignature } from "@line/bot-sdk";
import Pusher from "pusher";
import Razorpay from "razorpay";
import type { VerifyRequest } from "@hookwise/core";
import type { HookwiseCore } from "./verify-build.ts";
import type { BenchCase, Contestant } from "./verify-cases.ts";

const SECRET = "bench-webhook-secret-0123456789";
const ADYEN_KEY = "44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056";

/** The four cases for one body (`text`, of the bench's size). */
export async function sdkProviders2Cases(core: HookwiseCore, text: string): Promise<BenchCase[]> {
  const now = Date.now();
  return [
    await bodyHmacCase(core, text, now, "Razorpay"),
    await bodyHmacCase(core, text, now, "LINE"),
    await pusherCase(core, text, now),
    await adyenCase(core, text, now),
  ];
}

function verifyRequest(
  headers: Record<string, string>,
  body: Uint8Array,
  now: number,
): VerifyRequest {
  return {
    method: "POST",
    url: "https://hooks.example.com/webhooks",
    headers: new Headers(headers),
    body,
    now,
  };
}

function tamper(text: string): string {
  return text.slice(0, -2) + "x}";
}

async function bodyHmacCase(
  core: HookwiseCore,
  text: string,
  now: number,
  scheme: "Razorpay" | "LINE",
): Promise<BenchCase> {
  const bytes = Buffer.from(text);
  const tampered = Buffer.from(tamper(text));
  const razorpay = scheme === "Razorpay";
  const header = razorpay ? "x-razorpay-signature" : "x-line-signature";
  const encoding = razorpay ? "hex" : "base64";
  const signer = razorpay
    ? core.createRazorpaySigner({ secret: SECRET })
    : core.createLineSigner({ secret: SECRET });
  const verifier = razorpay
    ? core.createRazorpayVerifier({ secret: SECRET })
    : core.createLineVerifier({ secret: SECRET });
  const headers = await signer.sign({ body: bytes, now });
  const signature = headers[header] ?? "";
  const good = verifyRequest(headers, bytes, now);
  const bad = verifyRequest(headers, tampered, now);
  const tamperedText = tampered.toString();
  const mustBeTrue = (ok: boolean): void => {
    if (!ok) throw new Error("mismatch");
  };
  const sdk: Contestant = razorpay
    ? {
        // razorpay takes the body as a string (it calls toString() on a Buffer): given the text.
        name: "razorpay 2.9.8 validateWebhookSignature",
        kind: "sdk",
        async: false,
        run: () => mustBeTrue(Razorpay.validateWebhookSignature(text, signature, SECRET)),
        runTampered: () =>
          mustBeTrue(Razorpay.validateWebhookSignature(tamperedText, signature, SECRET)),
      }
    : {
        name: "@line/bot-sdk 11.0.0 validateSignature",
        kind: "sdk",
        async: false,
        run: () => mustBeTrue(lineValidateSignature(bytes, SECRET, signature)),
        runTampered: () => mustBeTrue(lineValidateSignature(tampered, SECRET, signature)),
      };
  const floor = (body: Buffer): void => {
    const digest = createHmac("sha256", SECRET).update(body).digest();
    if (!equal(digest, Buffer.from(headers[header] ?? "", encoding))) throw new Error("mismatch");
  };
  return {
    scheme,
    contestants: [
      {
        name: "hookwise",
        kind: "hookwise",
        async: true,
        run: () => verifier.verify(good),
        runTampered: () => verifier.verify(bad),
      },
      sdk,
      {
        name: "floor: node:crypto",
        kind: "floor",
        async: false,
        run: () => floor(bytes),
        runTampered: () => floor(tampered),
      },
    ],
  };
}

async function pusherCase(core: HookwiseCore, text: string, now: number): Promise<BenchCase> {
  const bytes = Buffer.from(text);
  const tampered = Buffer.from(tamper(text));
  const credentials = { key: "bench-app-key", secret: SECRET };
  const headers = await core.createPusherSigner({ credentials }).sign({ body: bytes, now });
  const verifier = core.createPusherVerifier({ credentials });
  const good = verifyRequest(headers, bytes, now);
  const bad = verifyRequest(headers, tampered, now);
  const pusher = new Pusher({ appId: "1", cluster: "eu", ...credentials });
  const sdkHeaders = { ...headers, "content-type": "application/json" };
  const tamperedText = tampered.toString();
  const sdk = (rawBody: string): void => {
    if (!pusher.webhook({ headers: sdkHeaders, rawBody }).isValid()) throw new Error("mismatch");
  };
  const floor = (body: Buffer): void => {
    if (headers["x-pusher-key"] !== credentials.key) throw new Error("key");
    const digest = createHmac("sha256", SECRET).update(body).digest();
    if (!equal(digest, Buffer.from(headers["x-pusher-signature"] ?? "", "hex")))
      throw new Error("mismatch");
  };
  return {
    scheme: "Pusher",
    contestants: [
      {
        name: "hookwise",
        kind: "hookwise",
        async: true,
        run: () => verifier.verify(good),
        runTampered: () => verifier.verify(bad),
      },
      // webhook(...).isValid() parses the JSON body on every call (it checks the body is JSON).
      {
        name: "pusher 5.3.4 webhook().isValid()",
        kind: "sdk",
        async: false,
        run: () => sdk(text),
        runTampered: () => sdk(tamperedText),
      },
      {
        name: "floor: node:crypto",
        kind: "floor",
        async: false,
        run: () => floor(bytes),
        runTampered: () => floor(tampered),
      },
    ],
  };
}

async function adyenCase(core: HookwiseCore, text: string, now: number): Promise<BenchCase> {
  // A notification of about the bench's size: the padding sits in an unsigned field.
  const item = {
    amount: { currency: "EUR", value: 1130 },
    eventCode: "AUTHORISATION",
    eventDate: "2026-01-01T00:00:00+00:00",
    merchantAccountCode: "BENCH_ACCOUNT",
    merchantReference: "order-42",
    pspReference: "QFQTPCQ8HXSKGK82",
    success: "true",
    additionalData: { pad: text.slice(0, Math.max(0, text.length - 420)) },
  };
  const signed = await core
    .createAdyenSigner({ hmacKey: ADYEN_KEY })
    .signBody({ live: "false", notificationItems: [{ NotificationRequestItem: item }] });
  const forged = signed.replace('"value":1130', '"value":1131');
  const bytes = Buffer.from(signed);
  const tampered = Buffer.from(forged);
  const verifier = core.createAdyenVerifier({ hmacKey: ADYEN_KEY });
  const good = verifyRequest({}, bytes, now);
  const bad = verifyRequest({}, tampered, now);
  const validator = new AdyenHmacValidator();
  type Parsed = { notificationItems: { NotificationRequestItem: never }[] };
  // The SDK validates a parsed item: a receiver parses the body, then checks each item.
  const sdk = (body: Buffer): void => {
    const parsed = JSON.parse(body.toString()) as Parsed;
    for (const entry of parsed.notificationItems)
      if (!validator.validateHMAC(entry.NotificationRequestItem, ADYEN_KEY))
        throw new Error("mismatch");
  };
  const key = Buffer.from(ADYEN_KEY, "hex");
  const floor = (body: Buffer): void => {
    const parsed = JSON.parse(body.toString()) as {
      notificationItems: {
        NotificationRequestItem: typeof item & { additionalData: { hmacSignature: string } };
      }[];
    };
    for (const { NotificationRequestItem: i } of parsed.notificationItems) {
      const data = [
        i.pspReference,
        "",
        i.merchantAccountCode,
        i.merchantReference,
        i.amount.value,
        i.amount.currency,
        i.eventCode,
        i.success,
      ].join(":");
      if (
        !equal(
          createHmac("sha256", key).update(data).digest(),
          Buffer.from(i.additionalData.hmacSignature, "base64"),
        )
      )
        throw new Error("mismatch");
    }
  };
  return {
    scheme: "Adyen",
    contestants: [
      {
        name: "hookwise",
        kind: "hookwise",
        async: true,
        run: () => verifier.verify(good),
        runTampered: () => verifier.verify(bad),
      },
      {
        name: "@adyen/api-library 32.1.0 hmacValidator (after JSON.parse)",
        kind: "sdk",
        async: false,
        run: () => sdk(bytes),
        runTampered: () => sdk(tampered),
      },
      {
        name: "floor: node:crypto (JSON.parse + createHmac)",
        kind: "floor",
        async: false,
        run: () => floor(bytes),
        runTampered: () => floor(tampered),
      },
    ],
  };
}

function equal(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
