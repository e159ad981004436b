/**
 * `npm start`: the payments transactions service. Memory adapter by default, Redis when `REDIS_URL`
 * is set; every instance on the same Redis (and `REDIS_PREFIX`) receives, processes and answers as
 * one service. Configuration: see config.ts and the README.
 */
import { createPaymentsApp, WEBHOOK_PATH } from "./app.ts";
import { ConfigError, loadConfig, type LoadedConfig } from "./config.ts";
import { logLifecycle } from "./log-lifecycle.ts";

let loaded: LoadedConfig;
try {
  loaded = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}
const { config, notices } = loaded;
for (const notice of notices) console.warn(`[config] ${notice}`);

const service = createPaymentsApp({ config });
logLifecycle(service.ingestor);
service.ingestor.start();
const address = await service.app.listen({ port: config.port, host: config.host });
console.log(
  `payments-transactions listening on ${address} (${service.backend.name}` +
    `${config.redisUrl === undefined ? "" : `, prefix ${config.redisPrefix}`}; ` +
    `processing ${config.processingDelayMs / 1_000} s, stale after ${config.processingStaleTimeoutMs / 1_000} s; ` +
    `${config.webhookSecret === undefined ? "unsigned webhooks accepted" : "x-signature required"})`,
);
console.log(`  receive:  POST ${address}${WEBHOOK_PATH}`);
console.log(`  status:   GET  ${address}/v1/transactions/<transaction_id>`);
console.log(`  health:   GET  ${address}/`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing (finishing attempts in flight)...`);
  await service.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
