import { silentLogger, type RetryPolicy } from "@hookwise/core";
import { createPaymentsApp, WEBHOOK_PATH, type PaymentsApp } from "../../src/app.ts";
import type { AppConfig } from "../../src/config.ts";
import type { ProcessingWork } from "../../src/processing/process-transaction.ts";

/** Fast retries for tests. */
export const FAST_RETRY: Partial<RetryPolicy> = { maxAttempts: 3, minDelayMs: 20, maxDelayMs: 50 };

/** A service in this process on 127.0.0.1 with an ephemeral port. */
export interface RunningService {
  readonly service: PaymentsApp;
  readonly baseUrl: string;
  readonly webhookUrl: string;
  close(): Promise<void>;
}

/** Options of {@link startService}. */
export interface StartServiceOptions {
  readonly config?: Partial<AppConfig>;
  readonly work?: ProcessingWork;
  /** Start the worker. @default true */
  readonly worker?: boolean;
}

/** Starts the service with a 200 ms processing delay and a 2 s stale timeout unless told otherwise. */
export async function startService(options: StartServiceOptions = {}): Promise<RunningService> {
  const config: AppConfig = {
    port: 0,
    host: "127.0.0.1",
    redisUrl: undefined,
    redisPrefix: "unused",
    webhookSecret: undefined,
    processingDelayMs: 200,
    processingStaleTimeoutMs: 2_000,
    ...options.config,
  };
  const service = createPaymentsApp({
    config,
    logger: silentLogger,
    retry: FAST_RETRY,
    ...(options.work === undefined ? {} : { work: options.work }),
  });
  if (options.worker ?? true) service.ingestor.start();
  const baseUrl = await service.app.listen({ port: 0, host: "127.0.0.1" });
  return {
    service,
    baseUrl,
    webhookUrl: `${baseUrl}${WEBHOOK_PATH}`,
    close: () => service.close(),
  };
}
