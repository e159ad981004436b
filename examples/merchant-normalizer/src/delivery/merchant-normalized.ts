import type { NormalizedMerchant } from "../normalizer/normalize-merchant.ts";

/** The message type of a result, as the client's endpoint receives it. */
export const MERCHANT_NORMALIZED = "merchant.normalized";

/** The body of a `merchant.normalized` webhook. */
export interface MerchantNormalizedPayload {
  readonly request_id: string;
  readonly merchant: NormalizedMerchant;
}
