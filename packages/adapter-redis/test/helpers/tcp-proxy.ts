import { createServer, connect, type Server, type Socket } from "node:net";

/**
 * A TCP proxy in front of Redis that a test can break: `cut()` drops every connection and refuses new
 * ones (Redis down, as a client sees it), `stall()` keeps every connection open but forwards
 * nothing more (a network that swallows packets), `restore()` forwards again on new connections.
 */
export interface TcpProxy {
  readonly port: number;
  readonly url: string;
  cut(): void;
  stall(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: "open" | "cut" | "stall" = "open";
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  const track = (socket: Socket): void => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };
  const server: Server = createServer((client) => {
    track(client);
    if (mode === "cut") return void client.destroy();
    if (mode === "stall") return void client.pause();
    const upstream = connect(targetPort, targetHost);
    track(upstream);
    clients.add(client);
    client.on("close", () => clients.delete(client));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on("close", end);
    upstream.on("close", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const dropAll = (): void => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    cut() {
      mode = "cut";
      dropAll();
    },
    stall() {
      mode = "stall";
      for (const client of clients) {
        client.unpipe();
        client.pause();
      }
    },
    restore() {
      mode = "open";
    },
    async close() {
      dropAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
