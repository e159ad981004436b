import { z } from "zod";

/**
 * A card transaction as a client sends it to `POST /normalize_merchant`. Only `description` is
 * needed to normalize; `amount` is required because every card transaction has one (a missing
 * amount means the client sent something else), `mcc` is the hint the heuristic uses when it has it.
 * Unknown fields are allowed (kept in the stored body, dropped from the validated payload), so a
 * client can send its transaction object as it is.
 */
export const transactionSchema = z.object({
  description: z
    .string({
      error: (issue) => (issue.input === undefined ? "is required" : "must be a string"),
    })
    .trim()
    .min(1, "must not be empty: the card statement descriptor, such as SQ *BLUE BOTTLE COFFEE")
    .max(500),
  amount: z.union(
    [
      z.number().refine(Number.isFinite, "a finite number"),
      z.string().regex(/^-?\d{1,15}(\.\d{1,6})?$/, "a decimal such as 12.50 or -3.99"),
    ],
    {
      error: (issue) =>
        issue.input === undefined
          ? "is required"
          : "must be a number or a decimal string such as 12.50",
    },
  ),
  /** ISO 18245 merchant category code: 4 digits, as a string ("5814") or a number (5814). */
  mcc: z
    .union([
      z.string().regex(/^\d{4}$/, "4 digits, such as 5814"),
      z.number().int().min(0).max(9_999),
    ])
    .transform((mcc) => String(mcc).padStart(4, "0"))
    .optional(),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, "an ISO 4217 code such as USD")
    .optional(),
});

/** A validated transaction (`mcc` always a 4-digit string when present). */
export type Transaction = z.output<typeof transactionSchema>;

/** The one event type of the intake source. */
export const NORMALIZE_REQUEST_TYPE = "merchant.normalize_requested";
