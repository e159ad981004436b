import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createIngestor, type IngestorOptions } from "../../src/create-ingestor.ts";
import { ConfigurationError } from "../../src/errors.ts";
import type { IncomingWebhook, NodeReadableLike } from "../../src/ingest/incoming-webhook.ts";
import { defineSource, type Source } from "../../src/sources/source.ts";
import type { LogFields, Logger } from "../../src/util/logger.ts";
import { silentLogger } from "../../src/util/logger.ts";
import { createGitHubSigner, createGitHubVerifier } from "../../src/verify/github.ts";
import { createHmacSigner, createHmacVerifier } from "../../src/verify/generic-hmac.ts";
import { createStandardWebhooksVerifier } from "../../src/verify/standard-webhooks.ts";
import { createStripeVerifier } from "../../src/verify/stripe.ts";
import { metaSource } from "../../src/sources/presets/meta.ts";
import { stravaSource } from "../../src/sources/presets/strava.ts";
import { DIAGNOSIS_MAX_BODY_BYTES } from "../../src/verify/diagnose.ts";

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const byId = {
  id: ({ payload }: { payload: unknown }) => (payload as { id?: string }).id ?? "x",
  type: ({ payload }: { payload: unknown }) => (payload as { type?: string }).type ?? "t",
};
const scheme = { secret: "hostile-secret", header: "x-sig", prefix: "sha256=" } as const;
const shop = defineSource({ name: "shop", verifier: createHmacVerifier(scheme), ...byId });

function ingestorWith(sources: readonly Source[], options: Partial<IngestorOptions> = {}) {
  return createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources,
    logger: silentLogger,
    ...options,
  });
}

function post(source: string, body: Uint8Array | IncomingWebhook["body"], headers = {}) {
  return {
    method: "POST",
    url: `/webhooks/${source}`,
    source,
    headers: { "content-type": "application/json", ...headers },
    body,
  };
}

async function signedShop(payload: string): Promise<IncomingWebhook> {
  const body = utf8(payload);
  return post("shop", body, await createHmacSigner(scheme).sign({ body, now: Date.now() }));
}

/** The `error` object of an answer's JSON body. */
function errorOf(response: { body: string }): {
  code: string;
  message: string;
  issues?: unknown;
  diagnosis?: string;
} {
  return (JSON.parse(response.body) as { error: { code: string; message: string } }).error;
}

const deepArrays = (depth: number): string => "[".repeat(depth) + "]".repeat(depth);

function recordingLogger(): Logger & {
  lines: { level: string; message: string; fields?: LogFields }[];
} {
  const lines: { level: string; message: string; fields?: LogFields }[] = [];
  const at =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ level, message, ...(fields === undefined ? {} : { fields }) });
    };
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

describe("hostile input on the ack path", () => {
  it("answers 401, never 503, to a 5,000-deep body with a wrong signature, on every kind of source", async () => {
    const sources = [
      shop,
      defineSource({
        name: "stripe",
        verifier: createStripeVerifier({ secret: "whsec_x" }),
        ...byId,
      }),
      defineSource({ name: "github", verifier: createGitHubVerifier({ secret: "gh" }), ...byId }),
      defineSource({
        name: "sw",
        verifier: createStandardWebhooksVerifier({
          secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        }),
        ...byId,
      }),
    ];
    const logger = recordingLogger();
    const ingestor = ingestorWith(sources, { logger });
    const body = utf8(deepArrays(5_000));
    const now = Math.floor(Date.now() / 1000);
    const badHeaders: Record<string, Record<string, string>> = {
      shop: { "x-sig": `sha256=${"0".repeat(64)}` },
      stripe: { "stripe-signature": `t=${now},v1=${"0".repeat(64)}` },
      github: { "x-hub-signature-256": `sha256=${"0".repeat(64)}` },
      sw: {
        "webhook-id": "msg_1",
        "webhook-timestamp": String(now),
        "webhook-signature": `v1,${btoa("x".repeat(32))}`,
      },
    };
    for (const source of sources) {
      const response = await ingestor.handle(post(source.name, body, badHeaders[source.name]));
      expect(response.status, source.name).toBe(401);
      expect(errorOf(response).code).toBe("SIGNATURE_MISMATCH");
    }
    expect(logger.lines.filter((line) => line.level === "error")).toEqual([]);
    await ingestor.close();
  });

  it("skips the diagnosis of a 256 KiB body with a bad signature (it costs what a good one does)", async () => {
    // A secret with a trailing newline: the diagnosis would name it on a small body.
    const sender = createGitHubSigner({ secret: "gh-secret" });
    const verifier = createGitHubVerifier({ secret: "gh-secret\n" });
    const ingestor = ingestorWith([defineSource({ name: "github", verifier, ...byId })], {
      exposeSignatureDiagnosis: true,
    });
    const small = utf8(JSON.stringify({ id: "a", pad: "x".repeat(100) }));
    const big = utf8(JSON.stringify({ id: "b", pad: "x".repeat(256 * 1024) }));
    expect(big.byteLength).toBeGreaterThan(DIAGNOSIS_MAX_BODY_BYTES);
    const answer = async (body: Uint8Array) =>
      errorOf(
        await ingestor.handle(post("github", body, await sender.sign({ body, now: Date.now() }))),
      );
    expect((await answer(small)).diagnosis).toMatch(/whitespace/);
    const skipped = await answer(big);
    expect(skipped.code).toBe("SIGNATURE_MISMATCH");
    expect(skipped.diagnosis).toBeUndefined();
    await ingestor.close();
  });

  it("keeps the diagnosis out of the sender's answer: it goes to a warning, and to the answer only when development asks", async () => {
    const sender = createGitHubSigner({ secret: "gh-secret" });
    const source = defineSource({
      name: "github",
      verifier: createGitHubVerifier({ secret: "gh-secret\n" }),
      ...byId,
    });
    const body = utf8('{"id":"a"}');
    const signed = async () => post("github", body, await sender.sign({ body, now: Date.now() }));

    const logger = recordingLogger();
    const production = ingestorWith([source], { logger });
    const response = await production.handle(await signed());
    expect(response.status).toBe(401);
    expect(response.body).not.toMatch(/whitespace|secret has/);
    expect(errorOf(response)).toEqual({
      code: "SIGNATURE_MISMATCH",
      message: "The signature does not match the request body with any configured secret.",
    });
    const warnings = logger.lines.filter((line) => line.level === "warn");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/whitespace/);
    expect(warnings[0]?.fields).toEqual({ source: "github", code: "SIGNATURE_MISMATCH" });
    await production.close();

    const development = ingestorWith([source], { exposeSignatureDiagnosis: true });
    const explained = errorOf(await development.handle(await signed()));
    expect(explained.message).toBe(
      "The signature does not match the request body with any configured secret.",
    );
    expect(explained.diagnosis).toMatch(/trailing whitespace/);
    await development.close();
  });

  it("lets every verifier turn the diagnosis off", async () => {
    const sender = createGitHubSigner({ secret: "gh-secret" });
    const verifier = createGitHubVerifier({ secret: "gh-secret\n", diagnose: false });
    const logger = recordingLogger();
    const ingestor = ingestorWith([defineSource({ name: "github", verifier, ...byId })], {
      exposeSignatureDiagnosis: true,
      logger,
    });
    const body = utf8('{"id":"a"}');
    const response = await ingestor.handle(
      post("github", body, await sender.sign({ body, now: Date.now() })),
    );
    expect(errorOf(response).diagnosis).toBeUndefined();
    expect(logger.lines).toEqual([]);
    await ingestor.close();
  });

  it("answers 413 PAYLOAD_TOO_DEEP, PAYLOAD_TOO_COMPLEX to payloads past the default limits, signed or not stored", async () => {
    const ingestor = ingestorWith([shop]);
    const cases: [string, string][] = [
      [`{"id":"d","a":${deepArrays(65)}}`, "PAYLOAD_TOO_DEEP"],
      [`{"id":"d2","a":${deepArrays(5_000)}}`, "PAYLOAD_TOO_DEEP"],
      [
        JSON.stringify({ id: "i", a: Array.from({ length: 10_001 }, () => 0) }),
        "PAYLOAD_TOO_COMPLEX",
      ],
      [JSON.stringify({ id: "s", a: "x".repeat(100_001) }), "PAYLOAD_TOO_COMPLEX"],
      [JSON.stringify({ id: "k", ["k".repeat(100_001)]: 1 }), "PAYLOAD_TOO_COMPLEX"],
    ];
    for (const [payload, code] of cases) {
      const response = await ingestor.handle(await signedShop(payload));
      expect(response.status).toBe(413);
      expect(errorOf(response).code).toBe(code);
    }
    expect((await ingestor.listEvents({ limit: 10 })).records).toEqual([]);
    // At the limits, accepted.
    const atLimit = await ingestor.handle(await signedShop(`{"id":"ok","a":${deepArrays(63)}}`));
    expect(atLimit.status).toBe(200);
    await ingestor.close();
  });

  it("takes the payload limits from createIngestor options and a source's own overrides", async () => {
    const strict = defineSource({ ...shop, name: "strict", maxPayloadDepth: 2 });
    const loose = defineSource({ ...shop, name: "loose", maxPayloadItems: Infinity });
    const ingestor = ingestorWith([shop, strict, loose], { maxPayloadItems: 3 });
    const sign = async (source: string, payload: string) => {
      const body = utf8(payload);
      return post(source, body, await createHmacSigner(scheme).sign({ body, now: Date.now() }));
    };
    const many = JSON.stringify({ id: "m", a: [1, 2, 3, 4] });
    expect((await ingestor.handle(await sign("shop", many))).status).toBe(413);
    expect((await ingestor.handle(await sign("loose", many))).status).toBe(200);
    expect((await ingestor.handle(await sign("strict", '{"id":"x","a":[[]]}'))).status).toBe(413);
    await ingestor.close();
    expect(() => ingestorWith([shop], { maxPayloadDepth: 0 })).toThrow(ConfigurationError);
    expect(() => ingestorWith([{ ...shop, maxPayloadItems: 1.5 }])).toThrow(/maxPayloadItems/);
    expect(() => ingestorWith([shop], { bodyTimeoutMs: 0 })).toThrow(/bodyTimeoutMs/);
  });

  it("caps what a 422 reflects of attacker-chosen keys", async () => {
    const key = "k".repeat(1_000);
    const source = defineSource({
      ...shop,
      name: "typed",
      schemas: { t: z.object({ id: z.string() }).catchall(z.number()) },
    });
    const ingestor = ingestorWith([source], { maxPayloadItems: Infinity });
    const payload: Record<string, unknown> = { id: "v", type: "t" };
    for (let i = 0; i < 200; i++) payload[`${key}${i}`] = "not a number";
    const body = utf8(JSON.stringify(payload));
    const response = await ingestor.handle(
      post("typed", body, await createHmacSigner(scheme).sign({ body, now: Date.now() })),
    );
    expect(response.status).toBe(422);
    const { issues } = errorOf(response) as unknown as { issues: { path: string[] }[] };
    expect(issues.length).toBeLessThanOrEqual(21);
    expect(issues.at(-1)).toMatchObject({ path: [] });
    for (const issue of issues)
      for (const segment of issue.path) expect(segment.length).toBeLessThanOrEqual(64);
    expect(response.body.length).toBeLessThan(16 * 1024);
    await ingestor.close();
  });
});

describe("user code and sender-made URLs that throw", () => {
  async function signedTo(source: string, payload: unknown) {
    const body = utf8(JSON.stringify(payload));
    return post(source, body, await createHmacSigner(scheme).sign({ body, now: Date.now() }));
  }

  it("answers 422, not 503, when a payload's schema throws on the sender's data, naming only the error's class", async () => {
    const source = defineSource({
      ...shop,
      name: "typed",
      schemas: {
        nested: z.object({ data: z.string().transform((text) => JSON.parse(text) as unknown) }),
        checked: z.object({ n: z.number() }).refine(({ n }) => {
          if (n > 5) throw new RangeError(`n is ${n}`);
          return true;
        }),
      },
    });
    const ingestor = ingestorWith([source]);
    const nested = await ingestor.handle(
      await signedTo("typed", { id: "a", type: "nested", data: "not json" }),
    );
    expect(nested.status).toBe(422);
    expect(errorOf(nested)).toMatchObject({
      code: "PAYLOAD_INVALID",
      issues: [{ path: [], message: "The schema threw SyntaxError." }],
    });
    const checked = await ingestor.handle(
      await signedTo("typed", { id: "b", type: "checked", n: 9 }),
    );
    expect(checked.status).toBe(422);
    expect(checked.body).not.toContain("n is 9");
    expect((await ingestor.listEvents({ limit: 10 })).records).toEqual([]);
    await ingestor.close();
  });

  it("answers 400 when a source's handshake hook throws on a payload it did not expect", async () => {
    const source = defineSource({
      ...shop,
      name: "greets",
      handshake: ({ payload }) => {
        const { challenge } = payload as { challenge: { value: string } };
        return challenge.value.length > 0
          ? { status: 200, headers: {}, body: challenge.value }
          : undefined;
      },
    });
    const ingestor = ingestorWith([source]);
    const response = await ingestor.handle(await signedTo("greets", { id: "a", type: "t" }));
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe("PAYLOAD_MALFORMED");
    await ingestor.close();
  });

  it("answers 415 to a body it reads itself that comes with a Content-Encoding, and leaves a body the framework read to the verifier", async () => {
    const ingestor = ingestorWith([shop]);
    const signed = await signedTo("shop", { id: "zipped", type: "t" });
    const bytes = signed.body as Uint8Array;
    for (const encoding of ["gzip", "identity, br"]) {
      const response = await ingestor.handle({
        ...signed,
        headers: { ...signed.headers, "content-encoding": encoding },
        body: () => Readable.from([gzipSync(bytes)]),
      });
      expect(response.status).toBe(415);
      expect(errorOf(response).code).toBe("UNSUPPORTED_MEDIA_TYPE");
    }
    const plain = await ingestor.handle({
      ...signed,
      headers: { ...signed.headers, "content-encoding": "identity" },
      body: () => Readable.from([bytes]),
    });
    // Accepted (200: stored as ignored, since no transformer takes type "t").
    expect(plain.status).toBe(200);
    // Bytes a framework decoded already (express.raw() inflates by default) are verified as given.
    const inflated = await signedTo("shop", { id: "inflated", type: "t" });
    const decoded = await ingestor.handle({
      ...inflated,
      headers: { ...inflated.headers, "content-encoding": "gzip" },
    });
    expect(decoded.status).toBe(200);
    await ingestor.close();
  });

  it("reads the query of a URL whose Host does not parse: a Strava POST and a Meta challenge get their answers, not 503", async () => {
    const ingestor = ingestorWith([
      stravaSource({ verifyToken: "vt", callbackToken: "callback-token" }),
      metaSource({ secret: "meta-secret", verifyToken: "vt" }),
    ]);
    for (const host of ["h:99999", "a b"]) {
      const event = await ingestor.handle({
        method: "POST",
        url: `http://${host}/webhooks/strava?token=callback-token`,
        source: "strava",
        headers: { "content-type": "application/json" },
        body: utf8(
          JSON.stringify({
            subscription_id: 9,
            object_type: "activity",
            object_id: 1,
            aspect_type: "create",
            owner_id: 2,
            event_time: 3,
          }),
        ),
      });
      // Strava is acknowledged with 200.
      expect(event.status).toBe(200);
      const wrong = await ingestor.handle({
        method: "POST",
        url: `http://${host}/webhooks/strava?token=wrong`,
        source: "strava",
        headers: { "content-type": "application/json" },
        body: utf8("{}"),
      });
      expect(wrong.status).toBe(401);
      const challenge = await ingestor.handle({
        method: "GET",
        url: `http://${host}/webhooks/meta?hub.mode=subscribe&hub.verify_token=vt&hub.challenge=1234`,
        source: "meta",
        headers: {},
        body: new Uint8Array(0),
      });
      expect([challenge.status, challenge.body]).toEqual([200, "1234"]);
    }
    await ingestor.close();
  });
});

describe("senders that hang up or dribble", () => {
  it("counts a client abort as rejected CLIENT_ABORTED, logged at debug level only", async () => {
    const logger = recordingLogger();
    const ingestor = ingestorWith([shop], { logger });
    const rejected: unknown[] = [];
    ingestor.on("rejected", (event) => rejected.push(event));
    const aborting = fakeNodeStream();
    const pending = ingestor.handle(post("shop", aborting.stream));
    aborting.emit("data", utf8('{"id":'));
    aborting.emit("aborted");
    expect((await pending).status).toBe(400);
    const failing = (async function* () {
      yield utf8('{"id":');
      throw new Error("terminated");
    })();
    expect((await ingestor.handle(post("shop", failing))).status).toBe(400);
    expect(rejected).toEqual([
      { source: "shop", code: "CLIENT_ABORTED", status: 400 },
      { source: "shop", code: "CLIENT_ABORTED", status: 400 },
    ]);
    expect(logger.lines.filter((line) => line.level !== "debug" && line.level !== "warn")).toEqual(
      [],
    );
    expect(logger.lines.filter((line) => line.level === "debug")).toHaveLength(2);
    await ingestor.close();
  });

  it("answers 408 with Connection: close when a body is slower than bodyTimeoutMs, for every body shape", async () => {
    const ingestor = ingestorWith([shop, { ...shop, name: "patient", bodyTimeoutMs: 10_000 }], {
      bodyTimeoutMs: 50,
    });
    const stalled = fakeNodeStream();
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(utf8("{"));
      },
    });
    const iterable = (async function* () {
      yield utf8("{");
      await new Promise((resolve) => setTimeout(resolve, 10_000).unref());
    })();
    for (const body of [stalled.stream, web, iterable]) {
      const started = Date.now();
      const response = await ingestor.handle(post("shop", body));
      expect(response.status).toBe(408);
      expect(response.headers["connection"]).toBe("close");
      expect(errorOf(response).code).toBe("REQUEST_TIMEOUT");
      expect(Date.now() - started).toBeLessThan(2_000);
    }
    // The source's own deadline wins: a short pause is fine there.
    const slow = fakeNodeStream();
    const pending = ingestor.handle(post("patient", slow.stream));
    await new Promise((resolve) => setTimeout(resolve, 100));
    slow.emit("data", utf8('{"id":"p"}'));
    slow.emit("end");
    expect((await pending).status).toBe(401);
    await ingestor.close();
  });
});

/** A minimal Node-like readable driven by hand. */
function fakeNodeStream(): {
  stream: NodeReadableLike;
  emit(event: string, value?: unknown): void;
} {
  const listeners = new Map<string, Set<(value?: unknown) => void>>();
  const stream = {
    readableEnded: false,
    on(event: string, listener: (value?: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return stream;
    },
    removeListener(event: string, listener: (value?: unknown) => void) {
      listeners.get(event)?.delete(listener);
      return stream;
    },
    pause: () => stream,
    pipe: () => undefined,
  };
  return {
    stream: stream as unknown as NodeReadableLike,
    emit(event, value) {
      for (const listener of [...(listeners.get(event) ?? [])]) listener(value);
    },
  };
}
