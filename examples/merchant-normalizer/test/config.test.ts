import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";

describe("loadConfig", () => {
  it("runs with no variables at all: port 3000, memory, 30 s heuristic, public endpoints only", () => {
    const { config, notices } = loadConfig({});
    expect(config).toEqual({
      port: 3000,
      host: "127.0.0.1",
      redisUrl: undefined,
      redisPrefix: "merchant-normalizer",
      heuristicDelayMs: 30_000,
      allowPrivateEndpoints: false,
      deliveryRetryDelaysMs: undefined,
    });
    expect(notices.join("\n")).toMatch(/REDIS_URL is not set/);
  });

  it("reads every variable", () => {
    const { config, notices } = loadConfig({
      PORT: "0",
      HOST: "0.0.0.0",
      REDIS_URL: "redis://127.0.0.1:6379/2",
      REDIS_PREFIX: "normalizer-staging",
      HEURISTIC_DELAY_MS: "250",
      ALLOW_PRIVATE_ENDPOINTS: "true",
      DELIVERY_RETRY_DELAYS_MS: "100, 500,2000",
    });
    expect(config).toEqual({
      port: 0,
      host: "0.0.0.0",
      redisUrl: "redis://127.0.0.1:6379/2",
      redisPrefix: "normalizer-staging",
      heuristicDelayMs: 250,
      allowPrivateEndpoints: true,
      deliveryRetryDelaysMs: [100, 500, 2000],
    });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/ALLOW_PRIVATE_ENDPOINTS=true.*development only/);
  });

  it("accepts 0/1 and any case for ALLOW_PRIVATE_ENDPOINTS, and a 0 ms heuristic", () => {
    expect(loadConfig({ ALLOW_PRIVATE_ENDPOINTS: "1" }).config.allowPrivateEndpoints).toBe(true);
    expect(loadConfig({ ALLOW_PRIVATE_ENDPOINTS: "FALSE" }).config.allowPrivateEndpoints).toBe(
      false,
    );
    expect(loadConfig({ HEURISTIC_DELAY_MS: "0" }).config.heuristicDelayMs).toBe(0);
    expect(loadConfig({ PORT: " " }).config.port).toBe(3000);
  });

  it("lists every problem at once", () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: "http",
        REDIS_URL: "127.0.0.1:6379",
        REDIS_PREFIX: "has spaces",
        HEURISTIC_DELAY_MS: "30s",
        ALLOW_PRIVATE_ENDPOINTS: "yes",
        DELIVERY_RETRY_DELAYS_MS: "100,-1",
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const lines = (error as Error).message.split("\n");
    expect(lines[0]).toBe("Invalid configuration:");
    for (const [index, name] of [
      "PORT",
      "REDIS_URL",
      "REDIS_PREFIX",
      "HEURISTIC_DELAY_MS",
      "ALLOW_PRIVATE_ENDPOINTS",
      "DELIVERY_RETRY_DELAYS_MS",
    ].entries()) {
      expect(lines[index + 1]).toMatch(new RegExp(`^  - ${name} `));
    }
  });

  it("refuses a heuristic delay past ten minutes, a negative one and a fraction", () => {
    for (const value of ["600001", "-1", "1.5"]) {
      expect(() => loadConfig({ HEURISTIC_DELAY_MS: value })).toThrow(/HEURISTIC_DELAY_MS/);
    }
  });
});
