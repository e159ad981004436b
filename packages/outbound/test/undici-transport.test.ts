import type { LookupAddress } from "node:dns";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type LookupFunction, type Socket } from "node:net";
import { Worker } from "node:worker_threads";
import { ConfigurationError } from "@hookwise/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createAddressPolicy, type AddressPolicy } from "../src/address-policy.ts";
import { TransportError, type Transport, type TransportRequest } from "../src/transport.ts";
import { DEFAULT_USER_AGENT } from "../src/fetch-transport.ts";
import { createUndiciTransport, type UndiciTransportOptions } from "../src/undici-transport.ts";

interface TestServer {
  readonly port: number;
  readonly url: string;
  /** TCP connections accepted. */
  connections: number;
  /** Requests whose head arrived. */
  readonly requests: IncomingMessage[];
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: Server[] = [];
const transports: Transport[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await Promise.all(transports.splice(0).map((transport) => transport.close()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A real HTTP server on 127.0.0.1 and an ephemeral port; closed after the test. */
async function startServer(handler: Handler = (_req, res) => res.end("ok")): Promise<TestServer> {
  const state = { connections: 0, requests: [] as IncomingMessage[] };
  const server = createServer((req, res) => {
    state.requests.push(req);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => handler(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  server.on("connection", () => state.connections++);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return Object.assign(state, { port, url: `http://127.0.0.1:${port}` });
}

/** A transport that may reach 127.0.0.1 (development policy), closed after the test. */
function transport(options: UndiciTransportOptions = {}): Transport {
  const created = createUndiciTransport({
    addressPolicy: createAddressPolicy({ allowPrivateNetworks: true }),
    ...options,
  });
  transports.push(created);
  return created;
}

function request(url: string, overrides: Partial<TransportRequest> = {}): TransportRequest {
  return {
    url: new URL(url),
    method: "POST",
    headers: { "content-type": "application/json" },
    body: new TextEncoder().encode('{"type":"order.created"}'),
    timeoutMs: 5_000,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<TransportError> {
  const error: unknown = await promise.then(
    () => new Error("expected the send to fail"),
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TransportError);
  return error as TransportError;
}

/** A `dns.lookup` stand-in answering `addresses` for every name. */
function fixedLookup(...addresses: string[]): LookupFunction & ReturnType<typeof vi.fn> {
  const answers: LookupAddress[] = addresses.map((address) => ({
    address,
    family: address.includes(":") ? 6 : 4,
  }));
  return vi.fn<LookupFunction>((_hostname, options, callback) => {
    const [first] = answers;
    if (options.all === true) callback(null, answers);
    else callback(null, first?.address ?? "", first?.family);
  }) as LookupFunction & ReturnType<typeof vi.fn>;
}

describe("createUndiciTransport", () => {
  it("sends the request and returns status, headers and body", async () => {
    const server = await startServer((req, res, body) => {
      res.setHeader("x-multi", ["a", "b"]);
      res.writeHead(201, { "content-type": "text/plain" });
      res.end(`${req.method} ${req.url} ${req.headers["content-type"]} ${body}`);
    });
    const response = await transport().send(request(`${server.url}/hooks?tenant=acme#frag`));
    expect(response.status).toBe(201);
    expect(response.headers["x-multi"]).toBe("a, b");
    expect(response.headers["content-type"]).toBe("text/plain");
    expect(response.body).toBe('POST /hooks?tenant=acme application/json {"type":"order.created"}');
  });

  it("sends its user-agent unless the request has one", async () => {
    const server = await startServer((req, res) => res.end(req.headers["user-agent"]));
    const sender = transport();
    expect((await sender.send(request(server.url))).body).toBe(DEFAULT_USER_AGENT);
    const own = request(server.url, { headers: { "User-Agent": "partner-sync/2" } });
    expect((await sender.send(own)).body).toBe("partner-sync/2");
    const configured = transport({ userAgent: "acme-webhooks/1" });
    expect((await configured.send(request(server.url))).body).toBe("acme-webhooks/1");
  });

  it("reuses kept-alive connections for sequential requests to an origin", async () => {
    const server = await startServer();
    const sender = transport();
    for (let i = 0; i < 20; i++) expect((await sender.send(request(server.url))).status).toBe(200);
    expect(server.requests).toHaveLength(20);
    // undici's pool still counts a request as running when its body has ended, so a request sent
    // in that same turn of the event loop opens a second socket; from then on the two take turns.
    expect(server.connections).toBeLessThanOrEqual(2);
  });

  it("sends over one connection when requests are a turn of the event loop apart", async () => {
    const server = await startServer();
    const sender = transport();
    for (let i = 0; i < 20; i++) {
      await sender.send(request(server.url));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(server.connections).toBe(1);
  });

  it.each([
    ["chunked", false],
    ["with a content-length", true],
  ])("keeps the first 4096 bytes of a 1 MiB body (%s) and returns", async (_name, withLength) => {
    const mebibyte = Buffer.alloc(1024 * 1024, "a");
    const server = await startServer((_req, res) => {
      if (withLength) res.setHeader("content-length", mebibyte.length);
      for (let at = 0; at < mebibyte.length; at += 64 * 1024)
        res.write(mebibyte.subarray(at, at + 64 * 1024));
      res.end();
    });
    const sender = transport();
    const response = await sender.send(request(server.url));
    expect(response.body).toBe("a".repeat(4096));
    expect((await sender.send(request(server.url))).status).toBe(200);
  });

  it("drains a body a little over the limit so the connection is reused", async () => {
    const server = await startServer((_req, res) => res.end("b".repeat(10 * 1024)));
    const sender = transport();
    for (let i = 0; i < 3; i++) {
      expect((await sender.send(request(server.url))).body).toHaveLength(4096);
      // The rest is drained in the background, after the send has returned.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(server.connections).toBe(1);
  });

  it("keeps at most responseBodyLimit bytes and drops a character cut in two", async () => {
    const server = await startServer((_req, res) => res.end("ééé"));
    expect((await transport({ responseBodyLimit: 3 }).send(request(server.url))).body).toBe("é");
    expect((await transport({ responseBodyLimit: 0 }).send(request(server.url))).body).toBe("");
  });

  it("fails with `timeout` when the body drips slower than the deadline", async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      const drip = setInterval(() => res.write("."), 20);
      res.on("close", () => clearInterval(drip));
    });
    const error = await failure(
      transport({ responseBodyLimit: 1_000_000 }).send(request(server.url, { timeoutMs: 300 })),
    );
    expect(error.kind).toBe("timeout");
  });

  it("fails with `timeout` when the server never answers", async () => {
    const server = await startServer(() => undefined);
    const error = await failure(transport().send(request(server.url, { timeoutMs: 200 })));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("127.0.0.1");
  });

  it("returns a 302 as is and does not follow its Location", async () => {
    const target = await startServer();
    const server = await startServer((_req, res) => {
      res.writeHead(302, { location: `${target.url}/elsewhere` });
      res.end();
    });
    const response = await transport().send(request(server.url));
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`${target.url}/elsewhere`);
    expect(target.connections).toBe(0);
  });

  it("fails with `network` and the system code on a closed port", async () => {
    const server = await startServer();
    const closedUrl = server.url;
    const [listening] = servers.splice(0);
    await new Promise((resolve) => listening?.close(resolve));
    const error = await failure(transport().send(request(`${closedUrl}/secret-path?token=abc`)));
    expect(error.kind).toBe("network");
    expect(error.systemCode).toBe("ECONNREFUSED");
    expect(error.message).not.toMatch(/secret-path|token/);
  });

  it("refuses localhost by default and sends nothing", async () => {
    const server = await startServer();
    const sender = createUndiciTransport();
    transports.push(sender);
    const error = await failure(sender.send(request(`http://localhost:${server.port}/`)));
    expect(error.kind).toBe("blocked_address");
    expect(error.message).toContain("loopback address");
    expect(server.connections).toBe(0);
  });

  it("reaches localhost with allowPrivateNetworks", async () => {
    const server = await startServer();
    const response = await transport().send(request(`http://localhost:${server.port}/`));
    expect(response.status).toBe(200);
  });

  it("refuses a host name that resolves to loopback", async () => {
    const server = await startServer();
    const lookup = fixedLookup("127.0.0.1");
    const sender = createUndiciTransport({ lookup });
    transports.push(sender);
    const error = await failure(sender.send(request(`http://hooks.example.com:${server.port}/`)));
    expect(error.kind).toBe("blocked_address");
    expect(error.message).toContain("hooks.example.com");
    expect(lookup).toHaveBeenCalled();
    expect(server.connections).toBe(0);
  });

  it("refuses a host name if any one of its addresses is refused", async () => {
    const server = await startServer();
    // 127.0.0.1 stands in for a public address (so a bug reaches nothing but this server).
    const publicLoopback: AddressPolicy = {
      check: (address) =>
        address === "127.0.0.1" ? { allowed: true } : createAddressPolicy().check(address),
      isAllowed: (address) => publicLoopback.check(address).allowed,
    };
    const mixed = transport({
      addressPolicy: publicLoopback,
      lookup: fixedLookup("127.0.0.1", "10.0.0.1"),
    });
    const error = await failure(mixed.send(request(`http://partner.example:${server.port}/`)));
    expect(error.kind).toBe("blocked_address");
    expect(error.message).toContain("private network address");
    const metadata = transport({ lookup: fixedLookup("127.0.0.1", "169.254.169.254") });
    const second = await failure(metadata.send(request(`http://partner.example:${server.port}/`)));
    expect(second.message).toContain("cloud metadata address");
    expect(server.connections).toBe(0);
  });

  it("connects to the address the lookup answered, with the host name in Host", async () => {
    const server = await startServer((req, res) => res.end(req.headers.host));
    const sender = transport({ lookup: fixedLookup("127.0.0.1") });
    const response = await sender.send(request(`http://partner.example:${server.port}/`));
    expect(response.body).toBe(`partner.example:${server.port}`);
  });

  it.each([
    "http://169.254.169.254/latest/meta-data/",
    "http://[::ffff:169.254.169.254]/",
    "http://[fe80::1]/",
  ])("refuses the literal %s even with allowPrivateNetworks, before any lookup", async (url) => {
    const lookup = fixedLookup("127.0.0.1");
    const error = await failure(transport({ lookup }).send(request(url)));
    expect(error.kind).toBe("blocked_address");
    expect(error.message).not.toContain("meta-data");
    expect(lookup).not.toHaveBeenCalled();
  });

  it("fails with `aborted` when the caller's signal aborts", async () => {
    const server = await startServer(() => undefined);
    const controller = new AbortController();
    const sending = transport().send(request(server.url, { signal: controller.signal }));
    await vi.waitFor(() => expect(server.requests).toHaveLength(1));
    controller.abort();
    expect((await failure(sending)).kind).toBe("aborted");
  });

  it("sends nothing when the signal is already aborted", async () => {
    const server = await startServer();
    const error = await failure(
      transport().send(request(server.url, { signal: AbortSignal.abort() })),
    );
    expect(error.kind).toBe("aborted");
    expect(server.connections).toBe(0);
  });

  it("fails with `connect_timeout` when the lookup never answers", async () => {
    const lookup: LookupFunction = () => undefined;
    const sender = transport({ lookup, connectTimeoutMs: 100 });
    const error = await failure(sender.send(request("http://stuck.example/")));
    expect(error.kind).toBe("connect_timeout");
    expect(error.message).toContain("stuck.example");
  });

  it("fails with `connect_timeout` when the server's accept queue is full", async () => {
    const port = await startUnacceptingListener();
    const error = await failure(
      transport({ connectTimeoutMs: 100 }).send(request(`http://127.0.0.1:${port}/`)),
    );
    expect(error.kind).toBe("connect_timeout");
  });

  it("closes idempotently", async () => {
    const sender = createUndiciTransport();
    await sender.close();
    await expect(sender.close()).resolves.toBeUndefined();
  });

  it.each<[string, UndiciTransportOptions]>([
    ["connectTimeoutMs", { connectTimeoutMs: 0 }],
    ["keepAliveTimeoutMs", { keepAliveTimeoutMs: Number.NaN }],
    ["connectionsPerOrigin", { connectionsPerOrigin: 0.5 }],
    ["responseBodyLimit", { responseBodyLimit: -1 }],
  ])("rejects an invalid `%s`", (name, options) => {
    expect(() => createUndiciTransport(options)).toThrow(ConfigurationError);
    expect(() => createUndiciTransport(options)).toThrow(name);
  });
});

/**
 * A listener whose accept queue is full, so the next SYN is dropped and connecting hangs: a worker
 * listens with a backlog of 1 and then blocks its event loop, so nothing is ever accepted; two
 * connections fill the queue. (Linux drops SYNs to a full queue: `tcp_abort_on_overflow` is 0.)
 */
async function startUnacceptingListener(): Promise<number> {
  const release = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const server = require("node:net").createServer();
     server.listen({ host: "127.0.0.1", port: 0, backlog: 1 }, () => {
       parentPort.postMessage(server.address().port);
       Atomics.wait(workerData, 0, 0);
       server.close();
     });`,
    { eval: true, workerData: release },
  );
  const fillers: Socket[] = [];
  cleanups.push(async () => {
    Atomics.store(release, 0, 1);
    Atomics.notify(release, 0);
    for (const socket of fillers) socket.destroy();
    await worker.terminate();
  });
  const port = await new Promise<number>((resolve) => worker.once("message", resolve));
  for (let i = 0; i < 2; i++) {
    const socket = connect(port, "127.0.0.1");
    fillers.push(socket);
    await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  }
  return port;
}
