/**
 * `npm start`: the merchant normalizer. Memory adapters by default, Redis when `REDIS_URL` is set
 * (every instance on the same Redis and `REDIS_PREFIX` forms one service). Configuration: see
 * config.ts and the README.
 */
import { createNormalizerApp, NORMALIZE_PATH } from "./app.ts";
import { ConfigError, loadConfig, type LoadedConfig } from "./config.ts";
import { logLifecycle } from "./log-lifecycle.ts";
import { ENDPOINTS_PATH } from "./routes/endpoints-route.ts";

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

const service = createNormalizerApp({ config });
logLifecycle(service.ingestor, service.outbox);
service.start();
const address = await service.app.listen({ port: config.port, host: config.host });
console.log(
  `merchant-normalizer listening on ${address} (${service.backend.name}` +
    `${config.redisUrl === undefined ? "" : `, prefix ${config.redisPrefix}`}; ` +
    `heuristic ${config.heuristicDelayMs} ms; ` +
    `${config.allowPrivateEndpoints ? "private endpoints allowed" : "public endpoints only"})`,
);
console.log(`  register: POST ${address}${ENDPOINTS_PATH}`);
console.log(`  request:  POST ${address}${NORMALIZE_PATH}   (header client-id)`);
console.log(`  status:   GET  ${address}/requests/<request_id>`);
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
