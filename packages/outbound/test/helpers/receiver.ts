import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A real receiver on 127.0.0.1 that keeps what it got and answers `status()`. */
export async function startReceiver(port = 0, status: () => number = () => 204) {
  const received: { body: string; headers: IncomingMessage["headers"] }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: request.headers });
      response.statusCode = status();
      response.end();
    });
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  return {
    received,
    port: address.port,
    url: `http://127.0.0.1:${String(address.port)}/hooks`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
