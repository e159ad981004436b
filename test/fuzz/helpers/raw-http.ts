import { connect } from "node:net";

/** What a raw exchange got: the status line's code, or `undefined` when the server closed without one. */
export interface RawAnswer {
  readonly status: number | undefined;
  readonly text: string;
}

export interface RawOptions {
  /** Bytes to write, in pieces, with `delayMs` between them. */
  readonly pieces: readonly (string | Uint8Array)[];
  readonly delayMs?: number;
  /** Destroy the socket after writing the pieces (a client hanging up). */
  readonly abort?: boolean;
  /** Give up waiting for an answer after this long. @default 5 000 */
  readonly waitMs?: number;
}

/** Writes bytes to 127.0.0.1:`port` over a raw socket and reads whatever comes back. */
export function rawExchange(port: number, options: RawOptions): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const received: Buffer[] = [];
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(received).toString("latin1");
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : undefined, text });
    };
    const timer = setTimeout(finish, options.waitMs ?? 5_000);
    socket.on("data", (chunk: Buffer) => {
      received.push(chunk);
      // One answer is all we look at: stop once its head and declared body are in.
      if (complete(Buffer.concat(received).toString("latin1"))) finish();
    });
    socket.on("error", finish);
    socket.on("close", finish);
    socket.on("connect", () => {
      void (async () => {
        for (const piece of options.pieces) {
          if (socket.destroyed) return;
          socket.write(piece);
          if (options.delayMs !== undefined)
            await new Promise((r) => setTimeout(r, options.delayMs));
        }
        if (options.abort === true) socket.destroy();
      })();
    });
  });
}

function complete(text: string): boolean {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end));
  if (length === null)
    return /\r\ntransfer-encoding: *chunked/i.test(text) ? text.endsWith("0\r\n\r\n") : true;
  return text.length - (end + 4) >= Number(length[1]);
}

/** An HTTP/1.1 request head; `headers` are written as given (duplicates and all). */
export function head(
  method: string,
  path: string,
  headers: readonly (readonly [string, string])[],
): string {
  const lines = [
    `${method} ${path} HTTP/1.1`,
    "host: 127.0.0.1",
    ...headers.map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join("\r\n")}\r\n\r\n`;
}
