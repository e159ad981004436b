import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("loadConfig", () => {
  it("runs with no variables at all: port 3100, memory, unsigned, 30 s processing, 120 s stale timeout", () => {
    const { config, notices } = loadConfig({});
    expect(config).toEqual({
      port: 3100,
      host: "127.0.0.1",
      redisUrl: undefined,
      redisPrefix: "payments",
      webhookSecret: undefined,
      processingDelayMs: 30_000,
      processingStaleTimeoutMs: 120_000,
    });
    expect(notices.join("\n")).toMatch(/REDIS_URL is not set/);
    expect(notices.join("\n")).toMatch(/unsigned webhooks are accepted/);
  });

  it("reads every variable, seconds as decimals", () => {
    const { config, notices } = loadConfig({
      PORT: "0",
      HOST: "0.0.0.0",
      REDIS_URL: "redis://127.0.0.1:6379/2",
      REDIS_PREFIX: "payments-staging",
      WEBHOOK_SECRET: "a-secret-of-24-characters",
      PROCESSING_DELAY_SECONDS: "0.2",
      PROCESSING_STALE_TIMEOUT_SECONDS: "1.5",
    });
    expect(config).toMatchObject({
      port: 0,
      redisUrl: "redis://127.0.0.1:6379/2",
      redisPrefix: "payments-staging",
      processingDelayMs: 200,
      processingStaleTimeoutMs: 1_500,
    });
    expect(notices).toEqual([]);
  });

  it("lists every problem at once", () => {
    let error: unknown;
    try {
      loadConfig({
        NODE_ENV: "production",
        PORT: "http",
        REDIS_URL: "127.0.0.1:6379",
        PROCESSING_DELAY_SECONDS: "-1",
        PROCESSING_STALE_TIMEOUT_SECONDS: "0",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of [
      "PORT",
      "REDIS_URL",
      "PROCESSING_DELAY_SECONDS",
      "PROCESSING_STALE_TIMEOUT_SECONDS",
      "WEBHOOK_SECRET is required",
    ]) {
      expect(message).toContain(name);
    }
  });

  it("refuses a stale timeout that is not longer than the processing delay, and a short secret", () => {
    expect(() =>
      loadConfig({ PROCESSING_DELAY_SECONDS: "60", PROCESSING_STALE_TIMEOUT_SECONDS: "60" }),
    ).toThrow(/must be longer than PROCESSING_DELAY_SECONDS/);
    expect(() => loadConfig({ WEBHOOK_SECRET: "short" })).toThrow(/at least 16 characters/);
  });
});
