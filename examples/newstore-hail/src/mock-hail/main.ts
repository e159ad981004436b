/**
 * `npm run mock-hail`: a local Hail API on MOCK_HAIL_PORT (default 4010), the default HAIL_API_URL
 * of `npm start` in development.
 */
import { listen } from "../listen.ts";
import { createMockHail } from "./mock-hail.ts";

const port = Number(process.env["MOCK_HAIL_PORT"] ?? "4010");
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error("MOCK_HAIL_PORT must be an integer from 0 to 65535.");
  process.exit(1);
}
const hail = createMockHail();
const server = await listen(hail.app, port, "127.0.0.1");
console.log(`Mock Hail listening on ${server.url}`);
console.log(`  transactions: POST ${server.url}/events/v2/transaction/`);
console.log(
  `  fail next 2:  curl -X POST ${server.url}/__mock/fail-next -H 'content-type: application/json' -d '{"count":2,"status":503}'`,
);
console.log(
  `  throttle:     curl -X POST ${server.url}/__mock/throttle-next -H 'content-type: application/json' -d '{"count":1,"retryAfterSeconds":2}'`,
);
console.log(`  inspect:      curl ${server.url}/__mock/calls`);
process.on("SIGINT", () => void server.close().then(() => process.exit(0)));
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
