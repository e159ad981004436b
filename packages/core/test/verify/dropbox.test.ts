// Dropbox: "the HMAC-SHA256 signature of the entire request body using your app secret as the
// key" (https://www.dropbox.com/developers/reference/webhooks); no vector.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8 } from "../../src/util/bytes.ts";
import { createDropboxSigner, createDropboxVerifier } from "../../src/verify/dropbox.ts";
import { describeProviderScheme } from "../helpers/provider-scheme-cases.ts";
import { makeRequest, NOW_MS } from "../helpers/tamper.ts";

const secret = "dropbox-app-secret";
const body =
  '{"list_folder":{"accounts":["dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc"]},"delta":{"users":[12345678]}}';

describe("Dropbox signature", () => {
  it("is the hex HMAC-SHA256 of the raw body under the app secret", async () => {
    const expected = createHmac("sha256", secret).update(body).digest("hex");
    await createDropboxVerifier({ secret }).verify(
      makeRequest({ headers: { "x-dropbox-signature": expected }, body }),
    );
    expect(await createDropboxSigner({ secret }).sign({ body: utf8(body), now: NOW_MS })).toEqual({
      "x-dropbox-signature": expected,
    });
  });
});

describeProviderScheme("Dropbox", {
  verifier: (key) => createDropboxVerifier({ secret: key }),
  signer: (key) => createDropboxSigner({ secret: key }),
  signature: { header: "x-dropbox-signature", pattern: /^(.+)$/, codec: "hex" },
});
