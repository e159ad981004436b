/** What bench/http-bench.ts and its server children (bench/http-server.ts) say to each other. */

/** The servers bench/http-server.ts can start. */
export const HTTP_VARIANTS = [
  "bare-express",
  "bare-fastify",
  "bare-fastify-keep",
  "hookwise-express",
  "hookwise-fastify",
  "hookwise-express-ingest",
  "hookwise-fastify-ingest",
] as const;
export type HttpVariant = (typeof HTTP_VARIANTS)[number];

/** What the child reports on `stop`. */
export interface UsageMessage {
  readonly type: "usage";
  /** CPU time of this process between `start` and `stop`, in microseconds. */
  readonly userMicros: number;
  readonly systemMicros: number;
  /** HTTP requests that reached the server between `start` and `stop`. */
  readonly requests: number;
  readonly rssBytes: number;
}
