import { describe, expect, it } from "vitest";
import { ConfigError, DEV_DEFAULTS, loadConfig } from "../src/config.ts";

const secret = "s3cret-from-newstore-admin";

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("loadConfig", () => {
  it("starts in development with local defaults and says which ones it used", () => {
    const { config, notices } = loadConfig({});
    expect(config).toEqual({
      port: 3000,
      host: "127.0.0.1",
      newstoreWebhookSecrets: [DEV_DEFAULTS.NEWSTORE_WEBHOOK_SECRET],
      hailApiUrl: "http://127.0.0.1:4010",
      hailApiKey: undefined,
    });
    expect(notices.join("\n")).toMatch(/NEWSTORE_WEBHOOK_SECRET is not set/);
    expect(notices.join("\n")).not.toContain(DEV_DEFAULTS.NEWSTORE_WEBHOOK_SECRET);
  });

  it("reads every variable, and several comma-separated secrets while rotating", () => {
    const { config, notices } = loadConfig({
      PORT: "8080",
      HOST: "0.0.0.0",
      NEWSTORE_WEBHOOK_SECRET: `${secret}, older-secret-still-valid`,
      HAIL_API_URL: "https://api.hail.example/",
      HAIL_API_KEY: "hk_live_123",
    });
    expect(config).toEqual({
      port: 8080,
      host: "0.0.0.0",
      newstoreWebhookSecrets: [secret, "older-secret-still-valid"],
      hailApiUrl: "https://api.hail.example/",
      hailApiKey: "hk_live_123",
    });
    expect(notices).toEqual([]);
  });

  it("requires the secret and Hail's URL in production, and lists every problem at once", () => {
    const message = problems({ NODE_ENV: "production", PORT: "80" });
    expect(message).toContain("NEWSTORE_WEBHOOK_SECRET is required when NODE_ENV=production.");
    expect(message).toContain("HAIL_API_URL is required when NODE_ENV=production.");
  });

  it("refuses a bad port, a short secret and a URL with credentials without echoing the secret", () => {
    const message = problems({
      PORT: "http",
      NEWSTORE_WEBHOOK_SECRET: "short",
      HAIL_API_URL: "https://user:pw@hail.example",
    });
    expect(message).toContain('PORT must be an integer from 0 to 65535 (got "http")');
    expect(message).toContain("at least 16 characters");
    expect(message).toContain("must not contain credentials");
    expect(message).not.toContain("short");
  });

  it("refuses plain http to Hail in production", () => {
    const message = problems({
      NODE_ENV: "production",
      PORT: "80",
      NEWSTORE_WEBHOOK_SECRET: secret,
      HAIL_API_URL: "http://hail.internal",
    });
    expect(message).toContain("HAIL_API_URL must use https when NODE_ENV=production.");
  });

  it("never lets the public development secret listen beyond loopback", () => {
    expect(problems({ HOST: "0.0.0.0" })).toContain(
      "NEWSTORE_WEBHOOK_SECRET must be set when HOST is not a loopback address",
    );
  });
});
