import { describe, expect, it } from "vitest";
import { compilePublicUrl } from "../../src/verify/public-url.ts";
import { makeRequest } from "../helpers/tamper.ts";

const seen = makeRequest({
  headers: {},
  body: "",
  url: "http://10.0.0.7:3000/hooks/twilio?a=1&b='x'#frag",
});

describe("publicUrl", () => {
  it("defaults to the request URL", () => {
    expect(compilePublicUrl(undefined)(seen)).toBe(seen.url);
  });

  it("replaces the origin and keeps path and query exactly as received", () => {
    expect(compilePublicUrl("https://hooks.example.com")(seen)).toBe(
      "https://hooks.example.com/hooks/twilio?a=1&b='x'",
    );
    expect(compilePublicUrl("https://hooks.example.com:8443/")(seen)).toBe(
      "https://hooks.example.com:8443/hooks/twilio?a=1&b='x'",
    );
  });

  it("calls a function for anything else", () => {
    expect(
      compilePublicUrl((request) => `https://x.example/prefix${new URL(request.url).pathname}`)(
        seen,
      ),
    ).toBe("https://x.example/prefix/hooks/twilio");
  });

  it("refuses a string that is not a bare http(s) origin, naming the option", () => {
    for (const bad of [
      "hooks.example.com",
      "https://x.example/path",
      "https://x.example/?q",
      "ftp://x.example",
    ]) {
      expect(() => compilePublicUrl(bad), bad).toThrow(/`publicUrl`/);
    }
  });
});
