import { createMemoryAdapter } from "@hookwise/adapter-memory";
import { describe, expect, it } from "vitest";
import { createIngestor } from "../../src/create-ingestor.ts";
import { githubSource } from "../../src/sources/presets/github.ts";
import { signTestRequest } from "../../src/testing/sign-test-request.ts";
import { silentLogger } from "../../src/util/logger.ts";
import { createGitHubSigner } from "../../src/verify/github.ts";

const URL = "http://localhost/webhooks/github";

function ingestor() {
  return createIngestor({
    adapter: createMemoryAdapter({ logger: silentLogger }),
    sources: [githubSource({ secret: "gh-secret" })],
    logger: silentLogger,
  });
}

describe("the GitHub source with the GitHub signer", () => {
  it("accepts what the signer sends: signature, x-github-delivery and x-github-event", async () => {
    const signer = createGitHubSigner({ secret: "gh-secret", event: "issues" });
    const headers = await signer.sign({ body: new Uint8Array(), now: Date.now() });
    expect(headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers["x-github-event"]).toBe("issues");
    expect(
      (await signer.sign({ body: new Uint8Array(), now: 0, id: "d-1" }))["x-github-delivery"],
    ).toBe("d-1");

    const hooks = ingestor();
    const request = await signTestRequest({ signer, url: URL, body: { action: "opened" } });
    const response = await hooks.fetch(request, { source: "github" });
    // Verified and read (no handler for it, so stored as `ignored`).
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ignored" });
    await hooks.close();
  });

  it("answers 400 naming the missing header", async () => {
    const hooks = ingestor();
    const signer = createGitHubSigner({ secret: "gh-secret", event: "issues" });
    const request = await signTestRequest({ signer, url: URL, body: { action: "opened" } });
    request.headers.delete("x-github-delivery");
    const response = await hooks.fetch(request, { source: "github" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("`x-github-delivery` header is missing");

    const noEvent = await signTestRequest({
      signer: createGitHubSigner({ secret: "gh-secret" }),
      url: URL,
      body: { action: "opened" },
    });
    const answer = await hooks.fetch(noEvent, { source: "github" });
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("`x-github-event` header is missing");
    await hooks.close();
  });
});
