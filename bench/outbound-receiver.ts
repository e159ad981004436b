/**
 * The receiver of the outbound bench, in a process of its own so that it does not share the event
 * loop with the sender under test: answers every POST with 204 once the body is read, keep-alive on.
 * Prints its port on stdout.
 */
import { createServer } from "node:http";

const server = createServer((request, response) => {
  request.resume();
  request.on("end", () => {
    response.statusCode = 204;
    response.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no port");
  process.stdout.write(`${String(address.port)}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
