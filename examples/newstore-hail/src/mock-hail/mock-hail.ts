/**
 * A stand-in for Hail's transaction API, for the demo, the tests and local development. It
 * validates each transaction against Hail's schema, records it once per `Idempotency-Key` (a
 * repeat gets the first answer back), and can be told to fail: the next N calls answer a 5xx, or
 * 429 with `Retry-After`. Control it in code or over HTTP under `/__mock/`.
 */
import express, { type Express, type Request, type Response } from "express";
import { HAIL_TRANSACTION_PATH } from "../hail/hail-destination.ts";
import { hailTransactionSchema, type HailTransaction } from "../hail/hail-transaction.ts";

/** One call to the transaction endpoint, as the mock answered it. */
export interface HailCall {
  /** 1-based call number. */
  readonly call: number;
  readonly idempotencyKey: string | undefined;
  readonly status: number;
  /** The request body as received (parsed JSON). */
  readonly body: unknown;
}

/** Options of {@link createMockHail}. */
export interface MockHailOptions {
  /** Require `Authorization: Bearer <apiKey>` (401 otherwise). @default no authentication */
  readonly apiKey?: string;
}

/** The mock and its controls. */
export interface MockHail {
  /** Express app: mount it or pass it to `listen`. */
  readonly app: Express;
  /** Answer the next `count` transaction calls with `status` (a 5xx by default). */
  failNext(count: number, status?: number): void;
  /** Answer the next `count` transaction calls 429 with `Retry-After: retryAfterSeconds`. */
  throttleNext(count: number, retryAfterSeconds?: number): void;
  /** Every call so far, in order. */
  calls(): readonly HailCall[];
  /** Transactions recorded, one per idempotency key, in order. */
  transactions(): readonly HailTransaction[];
  /** Forget calls, transactions and scripted failures. */
  reset(): void;
}

interface Scripted {
  readonly status: number;
  readonly retryAfterSeconds?: number;
}

/** Creates a mock Hail API. */
export function createMockHail(options: MockHailOptions = {}): MockHail {
  const script: Scripted[] = [];
  const calls: HailCall[] = [];
  const byKey = new Map<string, { status: number; body: unknown }>();
  const recorded: HailTransaction[] = [];
  const transactionIds = new Set<string>();

  const answer = (request: Request, response: Response, status: number, body: unknown): void => {
    calls.push({
      call: calls.length + 1,
      idempotencyKey: request.get("idempotency-key"),
      status,
      body: request.body,
    });
    response.status(status).json(body);
  };

  const record = (request: Request, response: Response): void => {
    const key = request.get("idempotency-key");
    if (
      options.apiKey !== undefined &&
      request.get("authorization") !== `Bearer ${options.apiKey}`
    ) {
      answer(request, response, 401, { error: "unauthorized" });
      return;
    }
    const scripted = script.shift();
    if (scripted !== undefined) {
      if (scripted.retryAfterSeconds !== undefined)
        response.set("retry-after", String(scripted.retryAfterSeconds));
      answer(request, response, scripted.status, {
        error: scripted.status === 429 ? "rate_limited" : "unavailable",
      });
      return;
    }
    if (key === undefined || key === "") {
      answer(request, response, 400, { error: "idempotency_key_required" });
      return;
    }
    const previous = byKey.get(key);
    if (previous !== undefined) {
      answer(request, response, previous.status, previous.body);
      return;
    }
    const parsed = hailTransactionSchema.safeParse(request.body);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.join("."),
        message: issue.message,
      }));
      answer(request, response, 422, { error: "invalid_transaction", issues });
      return;
    }
    if (transactionIds.has(parsed.data.transaction_id)) {
      answer(request, response, 409, { error: "transaction_exists" });
      return;
    }
    transactionIds.add(parsed.data.transaction_id);
    recorded.push(parsed.data);
    const created = { id: `hail_txn_${recorded.length}`, status: "recorded" };
    byKey.set(key, { status: 201, body: created });
    answer(request, response, 201, created);
  };

  const mock: MockHail = {
    app: express(),
    failNext: (count, status = 503) => schedule(script, count, { status }),
    throttleNext: (count, retryAfterSeconds = 1) =>
      schedule(script, count, { status: 429, retryAfterSeconds }),
    calls: () => [...calls],
    transactions: () => [...recorded],
    reset() {
      script.length = 0;
      calls.length = 0;
      recorded.length = 0;
      byKey.clear();
      transactionIds.clear();
    },
  };
  mock.app.disable("x-powered-by");
  mock.app.use(express.json({ limit: "1mb" }));
  mock.app.post(HAIL_TRANSACTION_PATH, record);
  mountControls(mock);
  return mock;
}

function schedule(script: Scripted[], count: number, answer: Scripted): void {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError("`count` must be a non-negative integer.");
  if (!Number.isInteger(answer.status) || answer.status < 400 || answer.status > 599) {
    throw new RangeError("`status` must be an HTTP error status (400 to 599).");
  }
  const seconds = answer.retryAfterSeconds;
  if (seconds !== undefined && !(Number.isInteger(seconds) && seconds >= 0)) {
    throw new RangeError("`retryAfterSeconds` must be a non-negative integer.");
  }
  for (let index = 0; index < count; index += 1) script.push(answer);
}

/** `POST /__mock/fail-next {count, status}`, `POST /__mock/throttle-next {count, retryAfterSeconds}`, `GET /__mock/calls`, `POST /__mock/reset`. */
function mountControls(mock: MockHail): void {
  const control =
    (apply: (body: Record<string, unknown>) => void) => (request: Request, response: Response) => {
      try {
        apply((request.body ?? {}) as Record<string, unknown>);
        response.status(204).end();
      } catch (error) {
        response.status(400).json({ error: (error as Error).message });
      }
    };
  const count = (body: Record<string, unknown>): number =>
    body["count"] === undefined ? 1 : Number(body["count"]);
  const optional = (value: unknown): number | undefined =>
    value === undefined ? undefined : Number(value);
  mock.app.post(
    "/__mock/fail-next",
    control((body) => mock.failNext(count(body), optional(body["status"]))),
  );
  mock.app.post(
    "/__mock/throttle-next",
    control((body) => mock.throttleNext(count(body), optional(body["retryAfterSeconds"]))),
  );
  mock.app.post(
    "/__mock/reset",
    control(() => mock.reset()),
  );
  mock.app.get("/__mock/calls", (_request, response) => {
    response.json({ calls: mock.calls(), transactions: mock.transactions() });
  });
}
