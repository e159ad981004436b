import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { head, rawExchange, type RawAnswer } from "./helpers/raw-http.ts";
import {
  BODY_TIMEOUT_MS,
  MAX_BODY_BYTES,
  SCHEME,
  signer,
  startTarget,
  type FuzzTarget,
  type GlueName,
} from "./helpers/servers.ts";
import { fuzzRuns } from "./setup.ts";

/**
 * Every status an answer may carry: hookwise's documented ones (docs/security.md) plus what Node's
 * HTTP parser and the frameworks answer before hookwise sees a request (400 malformed request,
 * 404 unknown route, 431 headers too large, Fastify's 415 for an unparsable media type).
 * `undefined`: the server closed the socket without an answer (a request it could not parse).
 */
const DOCUMENTED = new Set([200, 202, 400, 401, 404, 405, 408, 409, 413, 415, 422, 431, undefined]);
const PATH = "/webhooks/shop";
const encoder = new TextEncoder();

const GLUES: readonly GlueName[] = ["express", "fastify", "fetch"];

describe.each(GLUES)("hostile HTTP against %s on 127.0.0.1", (glue) => {
  let target: FuzzTarget;
  const rejected: string[] = [];
  const statuses: (number | undefined)[] = [];
  const rssBefore = process.memoryUsage().rss;

  beforeAll(async () => {
    target = await startTarget(glue);
    target.ingestor.on("rejected", ({ code }) => rejected.push(code));
  });
  afterAll(async () => {
    await target.close();
  });

  const send = async (options: Parameters<typeof rawExchange>[1]): Promise<RawAnswer> => {
    const answer = await rawExchange(target.port, options);
    statuses.push(answer.status);
    expect(
      DOCUMENTED.has(answer.status),
      `status ${String(answer.status)}: ${answer.text.slice(0, 200)}`,
    ).toBe(true);
    return answer;
  };

  const signedHeaders = async (body: Uint8Array): Promise<[string, string][]> =>
    Object.entries(await signer.sign({ body, now: Date.now() }));

  const post = async (
    body: Uint8Array,
    extra: readonly (readonly [string, string])[] = [],
    signed = true,
  ): Promise<RawAnswer> => {
    const headers: (readonly [string, string])[] = [
      ["content-type", "application/json"],
      ["content-length", String(body.byteLength)],
      ...(signed
        ? await signedHeaders(body)
        : [[SCHEME.header, `sha256=${"ab".repeat(32)}`] as const]),
      ...extra,
      ["connection", "close"],
    ];
    return send({ pieces: [head("POST", PATH, headers), body] });
  };

  it("answers random bodies and headers with a documented status, never a 5xx", async () => {
    const headerName = fc.stringMatching(/^x-[a-z0-9-]{1,24}$/);
    const headerValue = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 80,
    });
    const contentType = fc.constantFrom(
      "application/json",
      "application/json; charset=utf-8",
      "APPLICATION/JSON",
      "text/plain",
      "",
      "application/json;;;",
      "a/b/c",
      "((((",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=",
    );
    const body = fc.oneof(
      fc.uint8Array({ maxLength: 2_048 }),
      fc.json().map((text) => encoder.encode(text)),
      fc
        .jsonValue()
        .map((value) => encoder.encode(JSON.stringify({ id: "r", type: "order", value }))),
      fc.string({ maxLength: 512 }).map((text) => encoder.encode(text)),
    );
    await fc.assert(
      fc.asyncProperty(
        body,
        contentType,
        fc.boolean(),
        fc.array(fc.tuple(headerName, headerValue), { maxLength: 12 }),
        async (bytes, type, signed, extra) => {
          const headers: [string, string][] = [
            ...(type === "" ? [] : [["content-type", type] as [string, string]]),
            ["content-length", String(bytes.byteLength)],
            ...(signed
              ? await signedHeaders(bytes)
              : [[SCHEME.header, "sha256=00"] as [string, string]]),
            ...extra,
            ["connection", "close"],
          ];
          const answer = await send({ pieces: [head("POST", PATH, headers), bytes] });
          expect(answer.status === undefined || answer.status < 500).toBe(true);
        },
      ),
      { numRuns: fuzzRuns() },
    );
  });

  it("answers depth bombs, wide and long payloads 413 when signed and 401 when not", async () => {
    const bombs = [
      `{"id":"b1","type":"order","a":${"[".repeat(5_000)}${"]".repeat(5_000)}}`,
      `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
      `{"id":"b2","type":"order","a":${'{"a":'.repeat(3_000)}1${"}".repeat(3_000)}}`,
      JSON.stringify({ id: "b3", type: "order", a: Array.from({ length: 12_000 }, () => 0) }),
      JSON.stringify({ id: "b4", type: "order", a: "x".repeat(60_000) }),
    ];
    for (const text of bombs) {
      const bytes = encoder.encode(text);
      expect((await post(bytes, [], false)).status).toBe(401);
      const signed = await post(bytes);
      // b4 is within the default string limit but the bodies here stay under MAX_BODY_BYTES.
      expect([202, 413]).toContain(signed.status);
    }
  });

  it("answers huge header lists and oversized headers without a 5xx", async () => {
    const body = encoder.encode('{"id":"h1","type":"order"}');
    const many = Array.from({ length: 3_000 }, (_, i) => [`x-h${i}`, "v"] as const);
    const manyAnswer = await post(body, many);
    expect([202, 400, 431, undefined]).toContain(manyAnswer.status);
    const big = await post(body, [["x-big", "v".repeat(20_000)]]);
    expect([400, 431, undefined]).toContain(big.status);
  });

  it("survives content-length lies, conflicting framing and chunked garbage", async () => {
    const body = encoder.encode('{"id":"cl1","type":"order"}');
    const sig = await signedHeaders(body);
    const base: [string, string][] = [
      ["content-type", "application/json"],
      ...sig,
      ["connection", "close"],
    ];
    // Declares more than it sends, then waits: the body deadline answers.
    const short = await send({
      pieces: [head("POST", PATH, [...base, ["content-length", "500"]]), body],
      waitMs: BODY_TIMEOUT_MS + 3_000,
    });
    expect([408, undefined]).toContain(short.status);
    // Declares less than it sends: the rest is a second, garbage request, which Node may answer
    // 400 (and close) before the first request's 401 is written.
    const long = await send({
      pieces: [head("POST", PATH, [...base, ["content-length", "5"]]), body],
    });
    expect([400, 401]).toContain(long.status);
    for (const framing of [
      [
        ["content-length", "5"],
        ["content-length", "7"],
      ],
      [
        ["content-length", String(body.byteLength)],
        ["transfer-encoding", "chunked"],
      ],
      [["content-length", "-1"]],
      [["content-length", "1e3"]],
    ] as [string, string][][]) {
      const answer = await send({ pieces: [head("POST", PATH, [...base, ...framing]), body] });
      expect(answer.status === undefined || answer.status < 500).toBe(true);
    }
    for (const garbage of [
      "zz\r\nabc\r\n0\r\n\r\n",
      "5\r\nab\r\n",
      "ffffffffffffffff\r\n",
      "3\r\nabcdef\r\n0\r\n\r\n",
    ]) {
      const answer = await send({
        pieces: [head("POST", PATH, [...base, ["transfer-encoding", "chunked"]]), garbage],
        waitMs: BODY_TIMEOUT_MS + 3_000,
      });
      expect(answer.status === undefined || answer.status < 500).toBe(true);
    }
    // A body over the limit, chunked without a length.
    const over = new Uint8Array(MAX_BODY_BYTES + 1).fill(0x20);
    const chunked = `${over.byteLength.toString(16)}\r\n`;
    const tooBig = await send({
      pieces: [
        head("POST", PATH, [...base, ["transfer-encoding", "chunked"]]),
        chunked,
        over,
        "\r\n0\r\n\r\n",
      ],
    });
    expect(tooBig.status).toBe(413);
  });

  it("answers a dribbling sender 408 once the body deadline passes", async () => {
    const body = encoder.encode(
      JSON.stringify({ id: "slow", type: "order", pad: "x".repeat(200) }),
    );
    const headers: [string, string][] = [
      ["content-type", "application/json"],
      ["content-length", String(body.byteLength)],
      ...(await signedHeaders(body)),
    ];
    const started = Date.now();
    const pieces = [
      head("POST", PATH, headers),
      ...Array.from(body, (byte) => Uint8Array.of(byte)),
    ];
    const answer = await send({ pieces, delayMs: 40, waitMs: 5_000 });
    expect(answer.status).toBe(408);
    expect(answer.text.toLowerCase()).toContain("connection: close");
    expect(Date.now() - started).toBeLessThan(BODY_TIMEOUT_MS + 2_000);
  });

  it("counts senders hanging up mid-body as CLIENT_ABORTED, without an error line", async () => {
    const before = rejected.filter((code) => code === "CLIENT_ABORTED").length;
    for (let i = 0; i < 10; i++) {
      const headers: [string, string][] = [
        ["content-type", "application/json"],
        ["content-length", "1000"],
        [SCHEME.header, "sha256=00"],
      ];
      await send({
        pieces: [head("POST", PATH, headers), '{"id":"abort'],
        delayMs: 20,
        abort: true,
        waitMs: 200,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(rejected.filter((code) => code === "CLIENT_ABORTED").length - before).toBe(10);
    expect(target.logged.filter((line) => line.level === "error")).toEqual([]);
  });

  it("accepts each event once under concurrent duplicates and conflicts, and delivers it exactly once", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `dup-${glue}-${i}`);
    const answers = await Promise.all(
      ids.flatMap((id, i) => {
        const same = encoder.encode(JSON.stringify({ id, type: "order", n: 1 }));
        const other = encoder.encode(JSON.stringify({ id, type: "order", n: 2 }));
        const sends = Array.from({ length: 4 }, () => post(same).then((a) => ({ id, a })));
        if (i % 3 === 0) sends.push(post(other).then((a) => ({ id, a })));
        return sends;
      }),
    );
    for (const id of ids) {
      const mine = answers.filter((entry) => entry.id === id).map((entry) => entry.a.status);
      expect(
        mine.filter((status) => status === 202),
        id,
      ).toHaveLength(1);
      for (const status of mine) expect([200, 202, 409]).toContain(status);
    }
    const deadline = Date.now() + 10_000;
    while (ids.some((id) => target.delivered.get(id) !== 1) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    for (const id of ids) expect(target.delivered.get(id), id).toBe(1);
  });

  it("kept its invariants: no 5xx, no error line, still serving, RSS bounded", async () => {
    const ok = await post(encoder.encode(JSON.stringify({ id: `final-${glue}`, type: "order" })));
    expect(ok.status).toBe(202);
    expect(statuses.filter((status) => status !== undefined && status >= 500)).toEqual([]);
    expect(target.logged.filter((line) => line.level === "error")).toEqual([]);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(512 * 1024 * 1024);
  });
});
