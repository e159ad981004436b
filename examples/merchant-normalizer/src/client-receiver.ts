import {
  createIngestor,
  on,
  standardWebhooksSource,
  type Ingestor,
  type Logger,
  type SecretInput,
} from "@hookwise/core";
import { fastifyHookwise } from "@hookwise/fastify-plugin";
import { createMemoryAdapter } from "@hookwise/adapter-memory";
import Fastify, { type FastifyInstance } from "fastify";
import { z } from "zod";
import {
  MERCHANT_NORMALIZED,
  type MerchantNormalizedPayload,
} from "./delivery/merchant-normalized.ts";

/** Where the sample client receives results. */
export const CLIENT_WEBHOOK_PATH = "/webhooks/merchant-normalizer";

/** The receiving side's source name. */
export const CLIENT_SOURCE = "merchant-normalizer";

/** What the client accepts as a result; anything else is refused with 422 (and retried by the sender). */
export const merchantNormalizedSchema = z.object({
  request_id: z.string().min(1),
  merchant: z.object({ name: z.string().min(1) }),
});

/** Options of {@link createClientReceiver}. */
export interface ClientReceiverOptions {
  /** The `whsec_…` secret `POST /webhooks/endpoints` answered (several while rotating). */
  readonly secret: SecretInput;
  /** Called once per result (a redelivery of the same `webhook-id` is a duplicate, not called again). */
  readonly onResult: (result: MerchantNormalizedPayload) => unknown;
  /** @default hookwise's console logger */
  readonly logger?: Logger;
}

/** The client's webhook receiver: mount `app`, `close()` when done. */
export interface ClientReceiver {
  readonly app: FastifyInstance;
  readonly ingestor: Ingestor;
  close(): Promise<void>;
}

/**
 * A client of the normalizer, receiving its results with hookwise itself: the Standard Webhooks
 * source verifies `webhook-signature` over the raw bytes (401 when it does not match, so a forged
 * result is never believed), checks `webhook-timestamp` against replays, drops a redelivery by its
 * `webhook-id`, and stores the result before answering 202, so a slow `onResult` never makes the
 * sender time out and retry.
 */
export function createClientReceiver(options: ClientReceiverOptions): ClientReceiver {
  const logging = options.logger === undefined ? {} : { logger: options.logger };
  const source = {
    ...standardWebhooksSource({
      name: CLIENT_SOURCE,
      secret: options.secret,
      schemas: { [MERCHANT_NORMALIZED]: merchantNormalizedSchema },
    }),
    // The preset reads the type from a `{ type, data }` envelope; this sender's body is the
    // result itself, of one type.
    type: () => MERCHANT_NORMALIZED,
  };
  const ingestor = createIngestor({
    adapter: createMemoryAdapter(logging),
    sources: [source],
    handlers: [
      on(source, MERCHANT_NORMALIZED, async (event) => {
        await options.onResult(event.payload);
      }),
    ],
    ...logging,
  });
  ingestor.start();
  const app = Fastify({ logger: false });
  void app.register(fastifyHookwise, {
    ingestor,
    path: CLIENT_WEBHOOK_PATH,
    source: CLIENT_SOURCE,
  });
  let closing: Promise<void> | undefined;
  return {
    app,
    ingestor,
    close() {
      closing ??= (async () => {
        await app.close();
        await ingestor.close();
      })();
      return closing;
    },
  };
}
