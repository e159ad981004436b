/**
 * The contestants of the verification bench, per scheme and body: hookwise, the official SDK(s),
 * and a floor that does only what every verifier must (parse the header, one node:crypto
 * createHmac over the signed bytes, one timingSafeEqual).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { sign as octokitSign, verify as octokitVerify } from "@octokit/webhooks-methods";
import { Webhook as StandardWebhook } from "standardwebhooks";
import Stripe from "stripe";
import { Webhook as SvixWebhook } from "svix";
import type { VerifyRequest } from "@hookwise/core";
import type { HookwiseCore } from "./verify-build.ts";
import { sdkProviders2Cases } from "./verify-cases-sdk-2.ts";

/** One way to verify the prepared request; must throw (or return false) when it is not valid. */
export interface Contestant {
  readonly name: string;
  /** `reference`: shown for context, not part of the targets. */
  readonly kind: "hookwise" | "sdk" | "floor" | "reference";
  /** `true` when `run` returns a promise that has to be awaited. */
  readonly async: boolean;
  readonly run: () => unknown;
  /** The same check on a tampered body, so a contestant that accepts everything is caught. */
  readonly runTampered: () => unknown;
}

export interface BenchCase {
  readonly scheme: string;
  readonly contestants: readonly Contestant[];
}

const WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const GITHUB_SECRET = "It's a Secret to Everybody";
const stripe = new Stripe("sk_test_bench_not_used");

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

/** Every case for one body. `text` and `bytes` are the same payload. */
export async function benchCases(core: HookwiseCore, text: string): Promise<BenchCase[]> {
  const bytes = Buffer.from(text);
  const tampered = Buffer.from(text.slice(0, -2) + "x}");
  const now = Date.now();
  return [
    await standardWebhooksCase(core, bytes, tampered, now),
    await stripeCase(core, bytes, tampered, now),
    await githubCase(core, text, bytes, tampered, now),
    ...(await sdkProviders2Cases(core, text)),
  ];
}

async function standardWebhooksCase(
  core: HookwiseCore,
  bytes: Buffer,
  tampered: Buffer,
  now: number,
): Promise<BenchCase> {
  const headers = await core
    .createStandardWebhooksSigner({ secret: WHSEC })
    .sign({ id: "msg_bench", body: bytes, now });
  const verifier = core.createStandardWebhooksVerifier({ secret: WHSEC });
  const request = verifyRequest(headers, bytes, now);
  const bad = verifyRequest(headers, tampered, now);
  const sdk = new StandardWebhook(WHSEC);
  const svix = new SvixWebhook(WHSEC);
  const key = Buffer.from(WHSEC.slice(6), "base64");
  const floor = (body: Buffer, get: HeaderReader): void => {
    const timestamp = get("webhook-timestamp") ?? "";
    if (Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) > 300)
      throw new Error("timestamp");
    const digest = createHmac("sha256", key)
      .update(`${get("webhook-id") ?? ""}.${timestamp}.`)
      .update(body)
      .digest();
    for (const entry of (get("webhook-signature") ?? "").split(" ")) {
      if (
        entry.startsWith("v1,") &&
        timingSafeEqualSafe(digest, Buffer.from(entry.slice(3), "base64"))
      )
        return;
    }
    throw new Error("mismatch");
  };
  return {
    scheme: "Standard Webhooks",
    contestants: [
      {
        name: "hookwise",
        kind: "hookwise",
        async: true,
        run: () => verifier.verify(request),
        runTampered: () => verifier.verify(bad),
      },
      {
        name: "standardwebhooks 1.1.1 (jsonParse: false)",
        kind: "sdk",
        async: false,
        run: () => sdk.verify(bytes, headers, { jsonParse: false }),
        runTampered: () => sdk.verify(tampered, headers, { jsonParse: false }),
      },
      {
        name: "svix 1.99.1 (parses JSON)",
        kind: "sdk",
        async: false,
        run: () => svix.verify(bytes, headers),
        runTampered: () => svix.verify(tampered, headers),
      },
      ...floors(floor, headers, request.headers, bytes, tampered),
    ],
  };
}

async function stripeCase(
  core: HookwiseCore,
  bytes: Buffer,
  tampered: Buffer,
  now: number,
): Promise<BenchCase> {
  const secret = "whsec_test_bench_0123456789abcdef";
  const headers = await core.createStripeSigner({ secret }).sign({ body: bytes, now });
  const header = headers["stripe-signature"] ?? "";
  const verifier = core.createStripeVerifier({ secret });
  const request = verifyRequest(headers, bytes, now);
  const bad = verifyRequest(headers, tampered, now);
  const signature = stripe.webhooks.signature;
  if (signature === null) throw new Error("stripe.webhooks.signature is unavailable");
  const sdk = (body: Buffer): boolean => signature.verifyHeader(body, header, secret, 300);
  const floor = (body: Buffer, get: HeaderReader): void => {
    let t = "";
    const signatures: Buffer[] = [];
    for (const item of (get("stripe-signature") ?? "").split(",")) {
      if (item.startsWith("t=")) t = item.slice(2);
      else if (item.startsWith("v1=")) signatures.push(Buffer.from(item.slice(3), "hex"));
    }
    if (Math.floor(Date.now() / 1000) - Number(t) > 300) throw new Error("timestamp");
    const digest = createHmac("sha256", secret).update(`${t}.`).update(body).digest();
    if (!signatures.some((signature) => timingSafeEqualSafe(digest, signature)))
      throw new Error("mismatch");
  };
  return {
    scheme: "Stripe",
    contestants: [
      {
        name: "hookwise",
        kind: "hookwise",
        async: true,
        run: () => verifier.verify(request),
        runTampered: () => verifier.verify(bad),
      },
      {
        name: "stripe 23.1.0 signature.verifyHeader",
        kind: "sdk",
        async: false,
        run: () => sdk(bytes),
        runTampered: () => sdk(tampered),
      },
      ...floors(floor, headers, request.headers, bytes, tampered),
    ],
  };
}

async function githubCase(
  core: HookwiseCore,
  text: string,
  bytes: Buffer,
  tampered: Buffer,
  now: number,
): Promise<BenchCase> {
  const signature = await octokitSign(GITHUB_SECRET, text);
  const headers = { "x-hub-signature-256": signature };
  const verifier = core.createGitHubVerifier({ secret: GITHUB_SECRET });
  const request = verifyRequest(headers, bytes, now);
  const bad = verifyRequest(headers, tampered, now);
  const tamperedText = tampered.toString();
  const mustBeTrue = async (result: Promise<boolean>): Promise<void> => {
    if (!(await result)) throw new Error("mismatch");
  };
  const floor = (body: Buffer, get: HeaderReader): void => {
    const value = get("x-hub-signature-256") ?? "";
    const digest = createHmac("sha256", GITHUB_SECRET).update(body).digest();
    if (
      !value.startsWith("sha256=") ||
      !timingSafeEqualSafe(digest, Buffer.from(value.slice(7), "hex"))
    )
      throw new Error("mismatch");
  };
  return {
    scheme: "GitHub",
    contestants: [
      {
        name: "hookwise",
        kind: "hookwise",
        async: true,
        run: () => verifier.verify(request),
        runTampered: () => verifier.verify(bad),
      },
      // octokit takes a string; it is given the already-decoded text (its most favourable input).
      {
        name: "@octokit/webhooks-methods 6.0.0 verify",
        kind: "sdk",
        async: true,
        run: () => mustBeTrue(octokitVerify(GITHUB_SECRET, text, signature)),
        runTampered: () => mustBeTrue(octokitVerify(GITHUB_SECRET, tamperedText, signature)),
      },
      ...floors(floor, headers, request.headers, bytes, tampered),
    ],
  };
}

type HeaderReader = (name: string) => string | null | undefined;

/**
 * The floor twice: reading a plain header object (the strict floor the targets use), and reading the
 * same `Headers` object hookwise receives (shown for context: the cost of the `Headers` API).
 */
function floors(
  floor: (body: Buffer, get: HeaderReader) => void,
  plain: Record<string, string>,
  headers: Headers,
  bytes: Buffer,
  tampered: Buffer,
): Contestant[] {
  const fromObject: HeaderReader = (name) => plain[name];
  const fromHeaders: HeaderReader = (name) => headers.get(name);
  return [
    {
      name: "floor: node:crypto",
      kind: "floor",
      async: false,
      run: () => floor(bytes, fromObject),
      runTampered: () => floor(tampered, fromObject),
    },
    {
      name: "floor reading the same Headers object",
      kind: "reference",
      async: false,
      run: () => floor(bytes, fromHeaders),
      runTampered: () => floor(tampered, fromHeaders),
    },
  ];
}

function timingSafeEqualSafe(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
