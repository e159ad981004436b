/**
 * The cases every signed provider scheme owes (round trip, missing, malformed, wrong secret,
 * rotation with `secretIndex`, the safe mismatch diagnosis, past/future tolerance where
 * timestamped, single-bit tampering), so each provider's test file adds only its documented vectors.
 */
import { describe, expect, it } from "vitest";
import { DIAGNOSIS_BODY_RESERIALIZED } from "../../src/verify/diagnose.ts";
import type { SecretInput } from "../../src/verify/secrets.ts";
import type { SignatureVerifier, Signer } from "../../src/verify/signature-scheme.ts";
import { codecs, expectRejected, itRejectsEveryBitFlip, makeRequest, NOW_MS } from "./tamper.ts";

/** How to build one provider's verifier and signer, and where its signature sits. */
export interface ProviderSchemeCase {
  readonly verifier: (secret: SecretInput) => SignatureVerifier;
  readonly signer: (secret: SecretInput) => Signer;
  /** Header holding the signature, a pattern whose group 1 is the encoded signature, its codec. */
  readonly signature: {
    readonly header: string;
    readonly pattern: RegExp;
    readonly codec: keyof typeof codecs;
  };
  /** Where timestamped: the header, a pattern whose group 1 is its digits, the default window. */
  readonly timestamp?: {
    readonly header: string;
    readonly pattern: RegExp;
    readonly pastSeconds: number;
    readonly futureSeconds: number;
  };
  /** Headers the sender adds that are not part of the signature output (e.g. a request id). */
  readonly extraHeaders?: Record<string, string>;
}

const secret = "provider-secret-Qm9vIQ";
const order = { id: "evt_1", type: "order.created", total: 12.5, note: "été" };
const compact = JSON.stringify(order);

/** Registers the shared cases under `describe(name)`. */
export function describeProviderScheme(name: string, scheme: ProviderSchemeCase): void {
  const sign = async (body: string | Uint8Array, key: SecretInput = secret, now = NOW_MS) => {
    const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
    const headers = await scheme.signer(key).sign({ body: bytes, now, id: "msg-1" });
    return makeRequest({ headers: { ...scheme.extraHeaders, ...headers }, body: bytes });
  };
  const header = scheme.signature.header;

  describe(`${name}: shared scheme cases`, () => {
    it("verifies what its signer signs and reports which secret signed", async () => {
      const verification = await scheme.verifier(secret).verify(await sign(compact));
      expect(verification).toMatchObject({ secretIndex: 0 });
      if (scheme.timestamp !== undefined)
        expect((verification ?? {}).timestamp).toBeCloseTo(NOW_MS, -3);
    });

    it("rejects a missing, a malformed and a wrongly keyed signature without leaking", async () => {
      const request = await sign(compact);
      const verifier = scheme.verifier(secret);
      const missing = new Headers(request.headers);
      missing.delete(header);
      await expectRejected(verifier.verify({ ...request, headers: missing }), "SIGNATURE_MISSING");
      const malformed = new Headers(request.headers);
      malformed.set(header, "not-a-signature");
      await expectRejected(
        verifier.verify({ ...request, headers: malformed }),
        "SIGNATURE_MALFORMED",
      );
      const error = await expectRejected(
        scheme.verifier("another-secret-value").verify(request),
        "SIGNATURE_MISMATCH",
        [secret, "another-secret-value", request.headers.get(header) ?? ""],
      );
      expect(error.status).toBe(401);
    });

    it("accepts any configured secret while rotating, and reports its index", async () => {
      const verifier = scheme.verifier(["new-secret-value", secret]);
      expect(await verifier.verify(await sign(compact))).toMatchObject({ secretIndex: 1 });
      expect(await verifier.verify(await sign(compact, "new-secret-value"))).toMatchObject({
        secretIndex: 0,
      });
    });

    it("diagnoses a body re-serialised after signing, without quoting it", async () => {
      const signed = await sign(compact);
      const pretty = new TextEncoder().encode(JSON.stringify(order, null, 2));
      const error = await expectRejected(
        scheme.verifier(secret).verify({ ...signed, body: pretty }),
        "SIGNATURE_MISMATCH",
        [secret, "été"],
      );
      expect(error.diagnosis).toBe(DIAGNOSIS_BODY_RESERIALIZED);
    });

    const timestamp = scheme.timestamp;
    if (timestamp !== undefined) {
      it("accepts the edges of the default window and rejects one second past them", async () => {
        const verifier = scheme.verifier(secret);
        const at = (offsetSeconds: number) => sign(compact, secret, NOW_MS + offsetSeconds * 1000);
        await verifier.verify(await at(-timestamp.pastSeconds));
        await verifier.verify(await at(timestamp.futureSeconds));
        await expectRejected(
          verifier.verify(await at(-timestamp.pastSeconds - 1)),
          "TIMESTAMP_OUT_OF_TOLERANCE",
        );
        await expectRejected(
          verifier.verify(await at(timestamp.futureSeconds + 1)),
          "TIMESTAMP_OUT_OF_TOLERANCE",
        );
      });

      it("rejects a missing timestamp", async () => {
        const request = await sign(compact);
        const headers = new Headers(request.headers);
        if (timestamp.header !== header) headers.delete(timestamp.header);
        else headers.set(header, (headers.get(header) ?? "").replace(/t=\d+,?/, ""));
        const error = await expectRejected(
          scheme.verifier(secret).verify({ ...request, headers }),
          "TIMESTAMP_INVALID",
        );
        expect(error.status).toBe(401);
      });
    }
  });

  describe(`${name}: single-bit tampering`, () => {
    itRejectsEveryBitFlip({
      verifier: scheme.verifier(secret),
      sign: (body) => sign(body),
      signature: scheme.signature,
      ...(scheme.timestamp === undefined
        ? {}
        : { timestamp: { header: scheme.timestamp.header, pattern: scheme.timestamp.pattern } }),
    });
  });
}
