import type { Adapter } from "../adapter.ts";
import type { Ingestor } from "../create-ingestor.ts";
import type { Signer } from "../verify/signature-scheme.ts";
import {
  chunkedBody,
  exactOrderJson,
  GLUE_MAX_BODY_BYTES,
  orderPayload,
  PAYLOAD_MARKER,
  wrongSigner,
  type BackendFaults,
} from "./http-glue-fixtures.ts";
import type { TestApi } from "./test-api.ts";

/** How a case posts: to `/webhooks/<source>`, signed by `signer` unless the body is a stream. @internal */
export interface PostOptions {
  readonly source?: string;
  readonly signer?: Signer;
  readonly headers?: Record<string, string>;
}

/** A response as the cases see it. @internal */
export interface GlueReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/** What a case works with: a fresh ingestor behind the glue, its adapter and its faults. @internal */
export interface GlueTest {
  readonly expect: TestApi["expect"];
  readonly ingestor: Ingestor;
  /** The adapter without faults, to inspect what was stored. */
  readonly adapter: Adapter;
  readonly faults: BackendFaults;
  post(body: unknown, options?: PostOptions): Promise<GlueReply>;
}

/** One HTTP case; its name is part of the contract (skip lists use it). @internal */
export interface GlueCase {
  readonly name: string;
  readonly hostJsonParser?: boolean;
  readonly run: (t: GlueTest) => Promise<void>;
}

const errorCode = (reply: GlueReply): unknown =>
  (reply.json["error"] as { code?: unknown } | undefined)?.code;

async function storedCount(t: GlueTest): Promise<number> {
  return (await t.adapter.events.list({ limit: 10 })).records.length;
}

/** Every case of `testHttpGlue`, in order. @internal */
export const HTTP_GLUE_CASES: readonly GlueCase[] = [
  {
    name: "answers 202 with the event id and stores the exact bytes",
    async run(t) {
      const json = exactOrderJson("evt_accepted");
      const reply = await t.post(json);
      t.expect(reply.status).toBe(202);
      t.expect(reply.json).toMatchObject({ status: "accepted" });
      const record = await t.ingestor.getEvent(String(reply.json["id"]));
      t.expect(Array.from(record?.body ?? [])).toEqual(Array.from(new TextEncoder().encode(json)));
    },
  },
  {
    name: "answers 200 duplicate when the same event is sent again",
    async run(t) {
      const first = await t.post(orderPayload("evt_dup"));
      const second = await t.post(orderPayload("evt_dup"));
      t.expect(first.status).toBe(202);
      t.expect(second.status).toBe(200);
      t.expect(second.json).toEqual({ id: first.json["id"], status: "duplicate" });
    },
  },
  {
    name: "answers 409 when an event id comes back with a different payload",
    async run(t) {
      t.expect((await t.post(orderPayload("evt_conflict"))).status).toBe(202);
      const reply = await t.post(orderPayload("evt_conflict", { amount: 9999 }));
      t.expect(reply.status).toBe(409);
      t.expect(errorCode(reply)).toBe("IDEMPOTENCY_CONFLICT");
    },
  },
  {
    name: "answers 401 when the signature does not match",
    async run(t) {
      const reply = await t.post(orderPayload("evt_forged"), { signer: wrongSigner });
      t.expect(reply.status).toBe(401);
      t.expect(errorCode(reply)).toBe("SIGNATURE_MISMATCH");
      t.expect(await storedCount(t)).toBe(0);
    },
  },
  {
    name: "answers 400 when the body is not JSON",
    async run(t) {
      const reply = await t.post("{ not json");
      t.expect(reply.status).toBe(400);
      t.expect(errorCode(reply)).toBe("PAYLOAD_MALFORMED");
    },
  },
  {
    name: "answers 404 for a source the route does not know",
    async run(t) {
      const reply = await t.post(orderPayload("evt_nowhere"), { source: "no-such-source" });
      t.expect(reply.status).toBe(404);
      t.expect(errorCode(reply)).toBe("SOURCE_NOT_FOUND");
    },
  },
  {
    name: "answers 413 when the body is over the limit",
    async run(t) {
      const reply = await t.post(
        orderPayload("evt_big", { padding: "x".repeat(GLUE_MAX_BODY_BYTES) }),
      );
      t.expect(reply.status).toBe(413);
      t.expect(errorCode(reply)).toBe("PAYLOAD_TOO_LARGE");
    },
  },
  {
    name: "answers 413 when a streamed body without Content-Length grows over the limit",
    async run(t) {
      const body = chunkedBody(2 * 1024 * 1024);
      const reply = await t.post(body, { headers: { "content-type": "application/json" } });
      t.expect(reply.status).toBe(413);
      t.expect(errorCode(reply)).toBe("PAYLOAD_TOO_LARGE");
      // The unread rest of the body must not wedge the kept-alive connection for the next requests.
      for (const id of ["evt_next_1", "evt_next_2", "evt_next_3"])
        t.expect((await t.post(orderPayload(id))).status).toBe(202);
    },
  },
  {
    name: "answers 415 for a media type the source does not accept",
    async run(t) {
      const reply = await t.post(orderPayload("evt_text"), {
        headers: { "content-type": "text/plain" },
      });
      t.expect(reply.status).toBe(415);
      t.expect(errorCode(reply)).toBe("UNSUPPORTED_MEDIA_TYPE");
    },
  },
  {
    name: "answers 422 with issue paths and no payload values",
    async run(t) {
      const reply = await t.post(orderPayload("evt_invalid", { amount: PAYLOAD_MARKER }));
      t.expect(reply.status).toBe(422);
      t.expect(errorCode(reply)).toBe("PAYLOAD_INVALID");
      const issues = (reply.json["error"] as { issues?: { path: unknown }[] }).issues ?? [];
      t.expect(issues.map((issue) => issue.path)).toEqual([["amount"]]);
      t.expect(reply.text.includes(PAYLOAD_MARKER)).toBe(false);
    },
  },
  {
    name: "answers 503 with Retry-After when the queue fails, stores nothing, and accepts the retry",
    async run(t) {
      t.faults.queue = true;
      const reply = await t.post(orderPayload("evt_outage"));
      t.expect(reply.status).toBe(503);
      t.expect(errorCode(reply)).toBe("BACKEND_UNAVAILABLE");
      t.expect(Number(reply.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      t.expect(await storedCount(t)).toBe(0);
      t.faults.queue = false;
      t.expect((await t.post(orderPayload("evt_outage"))).status).toBe(202);
    },
  },
  {
    name: "answers 503 with Retry-After when the event store fails, and stores nothing",
    async run(t) {
      t.faults.store = true;
      const reply = await t.post(orderPayload("evt_store_down"));
      t.expect(reply.status).toBe(503);
      t.expect(reply.headers.get("retry-after") === null).toBe(false);
      t.expect(await storedCount(t)).toBe(0);
    },
  },
  {
    name: "reports RAW_BODY_UNAVAILABLE when a host JSON parser read the body first",
    hostJsonParser: true,
    async run(t) {
      const reply = await t.post(orderPayload("evt_parsed"));
      t.expect(reply.status).toBe(500);
      t.expect(errorCode(reply)).toBe("RAW_BODY_UNAVAILABLE");
      t.expect(await storedCount(t)).toBe(0);
    },
  },
];
