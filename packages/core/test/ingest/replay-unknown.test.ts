import { describe, expect, it } from "vitest";
import { EventNotFoundError, isHookwiseError } from "../../src/errors.ts";
import { errorResponse } from "../../src/ingest/http-result.ts";
import { createHarness } from "../helpers/ingest-harness.ts";

describe("replay of an unknown id", () => {
  it("rejects with EventNotFoundError, which errorResponse answers 404 EVENT_NOT_FOUND", async () => {
    const { ingestor } = createHarness();
    const error: unknown = await ingestor.replay("hw_nope").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EventNotFoundError);
    expect(isHookwiseError(error) && error.code).toBe("EVENT_NOT_FOUND");
    const answer = errorResponse(error);
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "EVENT_NOT_FOUND" } });
    await ingestor.close();
  });
});
