/**
 * `npm start`: the NewStore → Hail integration on the memory adapter. Configuration comes from the
 * environment (see config.ts and the README).
 */
import { createNewstoreHailApp } from "./app.ts";
import { ConfigError, loadConfig, type LoadedConfig } from "./config.ts";
import { hailTransactionUrl } from "./hail/hail-destination.ts";
import { listen } from "./listen.ts";
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

const { app, ingestor } = createNewstoreHailApp({ config });
logLifecycle(ingestor);
ingestor.start();
const server = await listen(app, config.port, config.host);
console.log(`NewStore → Hail listening on ${server.url}`);
console.log(`  receive:  POST ${server.url}/webhooks/newstore`);
console.log(`  inspect:  GET  ${server.url}/webhooks/events/<id>`);
console.log(`  forward:  POST ${hailTransactionUrl(config.hailApiUrl)}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing (finishing requests and deliveries in flight)...`);
  await server.close();
  await ingestor.close();
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
