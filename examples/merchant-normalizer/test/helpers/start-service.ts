import { once } from "node:events";
import { createServer } from "node:net";
import { silentLogger } from "@hookwise/core";
import { scheduleRetry } from "@hookwise/outbound";
import { createNormalizerApp, type NormalizerApp } from "../../src/app.ts";
import { createClientReceiver } from "../../src/client-receiver.ts";
import { CLIENT_WEBHOOK_PATH } from "../../src/client-receiver.ts";
import type { AppConfig } from "../../src/config.ts";
import type { MerchantNormalizedPayload } from "../../src/delivery/merchant-normalized.ts";
import type { MerchantHeuristic } from "../../src/normalizer/normalize-merchant.ts";

/** A service in this process on 127.0.0.1 with an ephemeral port. */
export interface RunningService {
  readonly service: NormalizerApp;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Options of {@link startService}. */
export interface StartServiceOptions {
  readonly config?: Partial<AppConfig>;
  readonly heuristic?: MerchantHeuristic;
}

/**
 * Starts the service with a 100 ms heuristic, loopback endpoints allowed, and a short delivery
 * schedule (20 retries, 150 ms apart: a receiver that is down is retried a few times in a second).
 */
export async function startService(options: StartServiceOptions = {}): Promise<RunningService> {
  const config: AppConfig = {
    port: 0,
    host: "127.0.0.1",
    redisUrl: undefined,
    redisPrefix: "unused",
    heuristicDelayMs: 100,
    allowPrivateEndpoints: true,
    deliveryRetryDelaysMs: undefined,
    ...options.config,
  };
  const service = createNormalizerApp({
    config,
    logger: silentLogger,
    heuristicRetry: { maxAttempts: 3, minDelayMs: 20, maxDelayMs: 50 },
    deliveryRetry: scheduleRetry(Array.from({ length: 20 }, () => 150)),
    deliveryTimeoutMs: 2_000,
    ...(options.heuristic === undefined ? {} : { heuristic: options.heuristic }),
  });
  service.start();
  const baseUrl = await service.app.listen({ port: 0, host: "127.0.0.1" });
  return { service, baseUrl, close: () => service.close() };
}

/** The sample client's receiver, listening on 127.0.0.1, keeping what it was given. */
export interface RunningReceiver {
  readonly url: string;
  readonly results: MerchantNormalizedPayload[];
  close(): Promise<void>;
}

/** Starts the sample client receiver (hookwise verifying the signature) on `port`. */
export async function startReceiver(secret: string, port: number): Promise<RunningReceiver> {
  const results: MerchantNormalizedPayload[] = [];
  const receiver = createClientReceiver({
    secret,
    logger: silentLogger,
    onResult: (result) => void results.push(result),
  });
  await receiver.app.listen({ port, host: "127.0.0.1" });
  return { url: receiverUrl(port), results, close: () => receiver.close() };
}

/** The receiver's URL on `port`. */
export function receiverUrl(port: number): string {
  return `http://127.0.0.1:${port}${CLIENT_WEBHOOK_PATH}`;
}

/** A port nothing listens on right now (taken and released), for a receiver that is "down". */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
