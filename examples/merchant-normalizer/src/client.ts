/**
 * `npm run client [-- "<descriptor>" …]`: the sample client. It registers its receiver's URL with
 * the normalizer (which must run with ALLOW_PRIVATE_ENDPOINTS=true to accept a loopback URL), starts
 * the receiver, sends each argument as a card transaction, and prints every verified result.
 *
 * Env: NORMALIZER_URL (default http://127.0.0.1:3000), CLIENT_ID (default demo-client),
 * CLIENT_PORT (default 4000), CLIENT_PUBLIC_URL (the URL to register, default
 * http://127.0.0.1:<CLIENT_PORT>/webhooks/merchant-normalizer), WEBHOOK_SECRET (skip registering
 * and verify with this secret).
 */
import { CLIENT_WEBHOOK_PATH, createClientReceiver } from "./client-receiver.ts";

const normalizerUrl = (process.env["NORMALIZER_URL"] ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const clientId = process.env["CLIENT_ID"] ?? "demo-client";
const port = Number(process.env["CLIENT_PORT"] ?? "4000");
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(
    `CLIENT_PORT must be an integer from 0 to 65535 (got "${process.env["CLIENT_PORT"]}").`,
  );
  process.exit(1);
}
const publicUrl =
  process.env["CLIENT_PUBLIC_URL"] ?? `http://127.0.0.1:${port}${CLIENT_WEBHOOK_PATH}`;

async function call(path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${normalizerUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  }).catch((error: unknown) => {
    console.error(`Cannot reach the normalizer at ${normalizerUrl} (start it with npm start).`);
    throw error;
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let secret = process.env["WEBHOOK_SECRET"];
if (secret === undefined) {
  const registered = await call("/webhooks/endpoints", { client_id: clientId, url: publicUrl });
  if (registered.status !== 200 && registered.status !== 201) {
    console.error(`Registering ${publicUrl} failed (${registered.status}):`, registered.body);
    process.exit(1);
  }
  secret = String(registered.body["secret"]);
  console.log(`registered  ${clientId} → ${publicUrl} (${String(registered.body["endpoint_id"])})`);
}

const receiver = createClientReceiver({
  secret,
  onResult: (result) =>
    console.log(`result      ${result.request_id}: ${JSON.stringify(result.merchant.name)}`),
});
await receiver.app.listen({ port, host: "127.0.0.1" });
console.log(`receiving   POST ${publicUrl} (Standard Webhooks signature verified)`);

for (const description of process.argv.slice(2)) {
  const sent = await call(
    "/normalize_merchant",
    { description, amount: "12.34" },
    { "client-id": clientId },
  );
  console.log(
    sent.status === 202
      ? `requested   ${String(sent.body["request_id"])}: ${JSON.stringify(description)}`
      : `refused     ${sent.status} ${JSON.stringify(sent.body)}`,
  );
}

const stop = (): void => void receiver.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
