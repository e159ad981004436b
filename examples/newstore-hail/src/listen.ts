import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

/** A listening HTTP server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  readonly port: number;
  /** Stop accepting, drop idle keep-alive connections, and resolve once closed. */
  close(): Promise<void>;
}

/** Listens with `handler` (an Express app) on `host:port`; port 0 picks a free one. */
export function listen(
  handler: RequestListener,
  port: number,
  host: string,
): Promise<RunningServer> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const hostname = address.family === "IPv6" ? `[${address.address}]` : address.address;
      resolve({
        url: `http://${hostname}:${address.port}`,
        port: address.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error === undefined ? done() : fail(error)));
            // Keep-alive sockets from clients (and from our own fetch) would hold `close` open.
            server.closeIdleConnections();
          }),
      });
    });
  });
}
