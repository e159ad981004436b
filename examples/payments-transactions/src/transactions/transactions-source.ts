import {
  createHmacSigner,
  createHmacVerifier,
  defineSource,
  type AcknowledgeContext,
  type HandshakeResponse,
  type Signer,
} from "@hookwise/core";
import { TRANSACTION_EVENT_TYPE, transactionSchema, type Transaction } from "./transaction.ts";
import { unsignedVerifier } from "./unsigned-verifier.ts";

/** The source's name; hookwise ids derive from it and the transaction id. */
export const TRANSACTIONS_SOURCE = "transactions";

/** Header the sender signs with when `WEBHOOK_SECRET` is set: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const SIGNATURE_HEADER = "x-signature";

const scheme = {
  header: SIGNATURE_HEADER,
  algorithm: "SHA-256",
  encoding: "hex",
  prefix: "sha256=",
} as const;

/**
 * Read by core when a transaction id is missing or not a string: the schema then refuses the body
 * with 422 (core reads the id before it validates, and a missing id alone would be a 400). A body
 * with this key never passes validation, so it is never stored.
 */
const INVALID_KEY = "\u0000invalid";

/** Options of {@link createTransactionsSource}. */
export interface TransactionsSourceOptions {
  /** Verify `x-signature` with this secret; `undefined` accepts unsigned requests. */
  readonly secret: string | undefined;
  /**
   * Called when a transaction id came back with another payload (`conflicts: "record"`); returns
   * headers to put on the answer (the app uses one to await the conflict's recording before it is
   * sent).
   */
  readonly onConflict?: (transaction: Transaction) => Readonly<Record<string, string>>;
}

/**
 * The payments platform as a hookwise source, mounted at `POST /v1/webhooks/transactions`: the
 * transaction id is the idempotency key, every body is one `transaction` validated by zod, and every
 * stored outcome (accepted, duplicate, conflict) is answered `202 {"acknowledged":true,"transaction_id"}`.
 */
export function createTransactionsSource(options: TransactionsSourceOptions) {
  return defineSource({
    name: TRANSACTIONS_SOURCE,
    verifier:
      options.secret === undefined
        ? unsignedVerifier
        : createHmacVerifier({ secret: options.secret, ...scheme }),
    id: ({ payload }) => {
      const id = (payload as { transaction_id?: unknown } | null)?.transaction_id;
      return typeof id === "string" && id !== "" ? id : INVALID_KEY;
    },
    type: () => TRANSACTION_EVENT_TYPE,
    schemas: { [TRANSACTION_EVENT_TYPE]: transactionSchema },
    acknowledge: (context) => acknowledge(context, options.onConflict),
  });
}

/** Signs bodies the way a sender must when `WEBHOOK_SECRET` is set: for tests and tools. */
export function createTransactionsSigner(secret: string): Signer {
  return createHmacSigner({ secret, ...scheme });
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" } as const;

function acknowledge(
  { outcome, payload }: AcknowledgeContext,
  onConflict: TransactionsSourceOptions["onConflict"],
): HandshakeResponse | undefined {
  if (outcome === "ignored") return undefined; // Never: every body is a known type.
  const transaction = payload as Transaction;
  const extra = outcome === "conflict" ? onConflict?.(transaction) : undefined;
  return {
    status: 202,
    headers: extra === undefined ? JSON_HEADERS : { ...JSON_HEADERS, ...extra },
    body: JSON.stringify({ acknowledged: true, transaction_id: transaction.transaction_id }),
  };
}
