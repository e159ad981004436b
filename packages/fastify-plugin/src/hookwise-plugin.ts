import type { FastifyInstance, FastifyPluginCallback } from "fastify";
import fp from "fastify-plugin";
import { ConfigurationError, type Ingestor } from "@hookwise/core";
import { passRawStream } from "./read-raw-body.ts";
import { sendResult } from "./send-result.ts";
import { toIncomingWebhook } from "./to-incoming-webhook.ts";

/**
 * The route the plugin registers unless told otherwise.
 * @category Ingest
 */
export const DEFAULT_WEBHOOK_PATH = "/webhooks/:source";

/**
 * Options of {@link fastifyHookwise}.
 * @category Ingest
 */
export interface HookwisePluginOptions {
  /** The ingestor that answers every webhook: `createIngestor(...)`. */
  readonly ingestor: Ingestor;
  /** The route to register (POST, and GET for challenges), relative to the plugin's prefix. @default "/webhooks/:source" */
  readonly path?: string;
  /**
   * The source every request on this route belongs to, for a path without a `:source` parameter.
   * @default the route's `:source` parameter
   */
  readonly source?: string;
  /**
   * Close the ingestor when the app closes (an `onClose` hook): `app.close()` then stops accepting,
   * drains the worker and closes the adapter. Leave it off when the ingestor outlives the app.
   * @default false
   */
  readonly closeIngestor?: boolean;
}

function hookwisePlugin(
  fastify: FastifyInstance,
  options: HookwisePluginOptions,
  done: (error?: Error) => void,
): void {
  const { ingestor, source } = options;
  if (typeof ingestor?.handle !== "function") {
    done(
      new ConfigurationError("`ingestor` is required: pass the result of `createIngestor(...)`."),
    );
    return;
  }
  if (options.closeIngestor === true) fastify.addHook("onClose", () => ingestor.close());
  // Content type parsers are scoped to this plugin (encapsulate: true): the app keeps its own.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", passRawStream);
  // Fastify refuses a Content-Type it cannot parse as `type/subtype` (415 FST_ERR_CTP_INVALID_MEDIA_TYPE)
  // before any parser runs. Core decides those too: it gets the unread stream, as from the parser.
  fastify.setErrorHandler(async (error, request, reply) => {
    if ((error as { code?: unknown }).code !== "FST_ERR_CTP_INVALID_MEDIA_TYPE") throw error;
    const incoming = { ...toIncomingWebhook(request, source), body: request.raw };
    return sendResult(request, reply, await ingestor.handle(incoming));
  });
  // GET too: core answers a source's GET challenge (Meta, Dropbox, Strava) and 405 otherwise.
  fastify.route({
    method: ["GET", "POST"],
    url: options.path ?? DEFAULT_WEBHOOK_PATH,
    handler: async (request, reply) =>
      sendResult(request, reply, await ingestor.handle(toIncomingWebhook(request, source))),
  });
  done();
}

/**
 * A Fastify 5 plugin that registers `POST /webhooks/:source` for an ingestor. Inside its own scope it
 * replaces every content type parser with one that hands core the raw, unread stream, so core reads
 * the exact bytes under its own limit and decides every status (413 and 415 included). The app's
 * parsers outside the plugin are untouched.
 * @example
 * const app = Fastify();
 * await app.register(fastifyHookwise, { ingestor, closeIngestor: true });
 * @see https://github.com/hookwise/hookwise/blob/main/docs/frameworks/fastify.md
 * @category Ingest
 */
export const fastifyHookwise: FastifyPluginCallback<HookwisePluginOptions> = fp(hookwisePlugin, {
  name: "@hookwise/fastify-plugin",
  fastify: "5.x",
  encapsulate: true,
});

/**
 * The same plugin as {@link fastifyHookwise}, under a shorter name.
 * @category Ingest
 */
export const hookwise: FastifyPluginCallback<HookwisePluginOptions> = fastifyHookwise;
