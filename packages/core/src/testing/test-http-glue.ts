import type { Adapter } from "../adapter.ts";
import { ConfigurationError } from "../errors.ts";
import { createIngestor, type Ingestor } from "../create-ingestor.ts";
import type { Clock } from "../util/clock.ts";
import { silentLogger, type Logger } from "../util/logger.ts";
import { createFakeClock } from "./fake-clock.ts";
import {
  HTTP_GLUE_CASES,
  type GlueCase,
  type GlueReply,
  type GlueTest,
  type PostOptions,
} from "./http-glue-cases.ts";
import {
  GLUE_MAX_BODY_BYTES,
  GLUE_SOURCE,
  glueRouting,
  glueSigner,
  glueSources,
  withFaults,
  type BackendFaults,
} from "./http-glue-fixtures.ts";
import { signTestRequest } from "./sign-test-request.ts";
import type { TestApi } from "./test-api.ts";

/**
 * A running glue: a server listening on 127.0.0.1 (`url` is its origin), or an in-process handler
 * (`send`, for `ingestor.fetch`). Either way it serves `POST /webhooks/:source`.
 * @category Testing
 */
export type HttpGlueTarget =
  | { readonly url: string; close(): Promise<void> }
  | { send(request: Request): Promise<Response>; close?(): Promise<void> };

/**
 * How the suite wants the glue started.
 * @category Testing
 */
export interface HttpGlueStartOptions {
  /**
   * Mount the framework's own JSON body parser in front of the webhook route (Express:
   * `app.use(express.json())` first), to check that the glue reports `RAW_BODY_UNAVAILABLE`.
   */
  readonly hostJsonParser: boolean;
}

/**
 * Tests that do not apply to a glue. A reason is mandatory, so a skip never goes unexplained.
 * @category Testing
 */
export interface HttpGlueSkip {
  /** Why these tests do not apply (shown next to the skipped test). */
  readonly reason: string;
  /** Test names exactly as the suite names them. */
  readonly tests: readonly string[];
}

/**
 * Options of {@link testHttpGlue}.
 * @category Testing
 */
export interface TestHttpGlueOptions {
  /** Shown in the describe block, e.g. `express 5`. */
  readonly name: string;
  /** Mounts `ingestor` on `POST /webhooks/:source` and starts serving. Called once per test. */
  readonly start: (
    ingestor: Ingestor,
    options: HttpGlueStartOptions,
  ) => Promise<HttpGlueTarget> | HttpGlueTarget;
  /**
   * A fresh adapter per test, e.g. `({ clock }) => createMemoryAdapter({ clock })`. Passed in
   * because core cannot depend on an adapter package (they depend on core).
   */
  readonly createAdapter: (context: {
    readonly clock: Clock;
    /** A logger that drops everything, so a suite's output is not one warning per test. */
    readonly logger: Logger;
  }) => Adapter | Promise<Adapter>;
  /** Tests that do not apply, each with its reason. @default [] */
  readonly skip?: readonly HttpGlueSkip[];
}

/**
 * The HTTP conformance suite for framework glue: the same requests against Express, Fastify or the
 * fetch handler must get the same answers (202 with an id, 200 duplicate, 409, 401, 400, 404, 413
 * declared and streamed, 415, 422 without payload values, 503 with `Retry-After` storing nothing,
 * and `RAW_BODY_UNAVAILABLE` when a host parser consumed the body). Each test builds its own
 * ingestor with two generic-HMAC sources, so it needs no setup beyond `start` and `createAdapter`.
 * @example
 * import * as vitest from "vitest";
 * testHttpGlue(vitest, {
 *   name: "fetch",
 *   start: (ingestor) => ({ send: (request) => ingestor.fetch(request) }),
 *   createAdapter: ({ clock, logger }) => createMemoryAdapter({ clock, logger }),
 *   skip: [{ reason: "no host parser in front of a fetch handler", tests: ["reports RAW_BODY_UNAVAILABLE when a host JSON parser read the body first"] }],
 * });
 * @category Testing
 */
export function testHttpGlue(vitest: TestApi, options: TestHttpGlueOptions): void {
  const skips = skipReasons(options.skip ?? []);
  vitest.describe(`${options.name} HTTP glue`, () => {
    const running: (() => Promise<void>)[] = [];
    vitest.afterEach(async () => {
      const closers = running.splice(0);
      for (const close of closers.reverse()) await close();
    });
    for (const glueCase of HTTP_GLUE_CASES) {
      const reason = skips.get(glueCase.name);
      if (reason !== undefined)
        vitest.it.skip?.(`${glueCase.name} (skipped: ${reason})`, () => undefined);
      else
        vitest.it(glueCase.name, async () =>
          glueCase.run(await setUp(vitest, options, glueCase, running)),
        );
    }
  });
}

function skipReasons(skip: readonly HttpGlueSkip[]): Map<string, string> {
  const names = new Set(HTTP_GLUE_CASES.map((glueCase) => glueCase.name));
  const reasons = new Map<string, string>();
  for (const entry of skip) {
    if (typeof entry.reason !== "string" || entry.reason.trim() === "") {
      throw new ConfigurationError("Every `skip` entry of testHttpGlue needs a `reason`.");
    }
    for (const test of entry.tests) {
      if (!names.has(test))
        throw new ConfigurationError(`\`skip\` names no test of testHttpGlue: "${test}".`);
      reasons.set(test, entry.reason);
    }
  }
  return reasons;
}

async function setUp(
  vitest: TestApi,
  options: TestHttpGlueOptions,
  glueCase: GlueCase,
  running: (() => Promise<void>)[],
): Promise<GlueTest> {
  const clock = createFakeClock();
  const faults: BackendFaults = { queue: false, store: false };
  const adapter = await options.createAdapter({ clock, logger: silentLogger });
  const ingestor = createIngestor({
    adapter: withFaults(adapter, faults),
    sources: glueSources(),
    ...glueRouting(),
    maxBodyBytes: GLUE_MAX_BODY_BYTES,
    clock,
    logger: silentLogger,
  });
  running.push(() => ingestor.close());
  const target = await options.start(ingestor, {
    hostJsonParser: glueCase.hostJsonParser === true,
  });
  if (target.close !== undefined) running.push(() => target.close?.() ?? Promise.resolve());
  const origin = "url" in target ? target.url : "http://127.0.0.1";
  const send = (request: Request): Promise<Response> =>
    "send" in target ? target.send(request) : fetch(request);
  return {
    expect: vitest.expect,
    ingestor,
    adapter,
    faults,
    async post(body, postOptions: PostOptions = {}) {
      const url = `${origin}/webhooks/${postOptions.source ?? GLUE_SOURCE}`;
      const signer = postOptions.signer ?? glueSigner;
      const request =
        body instanceof ReadableStream
          ? new Request(url, {
              method: "POST",
              headers: postOptions.headers,
              body,
              duplex: "half",
            } as RequestInit)
          : await signTestRequest({
              signer,
              url,
              body,
              now: clock.now(),
              headers: postOptions.headers ?? {},
            });
      return reply(await send(request));
    },
  };
}

async function reply(response: Response): Promise<GlueReply> {
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Not JSON: the cases assert on status and fields, and will fail on the missing ones.
  }
  return { status: response.status, headers: response.headers, text, json };
}
