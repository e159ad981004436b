import { z } from "zod";

/**
 * A transaction webhook as the payments platform sends it. `amount` is a positive decimal, as a
 * JSON number or a string (`"125.50"`), so a sender that keeps money out of floats is not refused.
 */
export const transactionSchema = z.object({
  transaction_id: z.string().min(1).max(200),
  source_account: z.string().min(1).max(200),
  destination_account: z.string().min(1).max(200),
  amount: z.union([
    z.number().positive(),
    z
      .string()
      .regex(/^\d{1,18}(\.\d{1,18})?$/, "a positive decimal such as 125.50")
      .refine((value) => Number(value) > 0, "greater than 0"),
  ]),
  currency: z.string().regex(/^[A-Za-z]{3}$/, "an ISO 4217 code such as USD"),
});

/** A validated transaction. */
export type Transaction = z.infer<typeof transactionSchema>;

/** The one event type of the transactions source. */
export const TRANSACTION_EVENT_TYPE = "transaction";
