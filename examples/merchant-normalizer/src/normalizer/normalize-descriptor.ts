import { findKnownChain } from "./known-chains.ts";
import { stripTrailingLocation } from "./places.ts";
import { titleCase } from "./title-case.ts";

/** What is left when a descriptor holds nothing but noise (a bare "SQ *"). */
export const UNKNOWN_MERCHANT = "Unknown merchant";

/**
 * What banks put before the merchant: the card program and the posting date
 * ("POS DEBIT 04/12", "CHECKCARD 0412", "PURCHASE AUTHORIZED ON 04/12").
 */
const BANK_PREFIXES: readonly RegExp[] = [
  /^PURCHASE AUTHORI[SZ]ED ON \d{1,2}\/\d{1,2}\s*/,
  /^(?:POS|DEBIT|VISA|MC|ATM)(?: (?:DEBIT|PURCHASE|PUR|DDA|CARD|WITHDRAWAL|POS))*\s+/,
  /^(?:DEBIT |CREDIT )?CARD PURCHASE(?: WITH PIN)?\s+/,
  /^CHECK ?CARD(?: \d{4})?\s+/,
  /^RECURRING (?:PAYMENT|PURCHASE|DEBIT)\s+/,
];

/**
 * Payment facilitators and platforms that put their own code before the merchant's name, with the
 * asterisk that separates them: Square ("SQ *"), Toast ("TST* "), PayPal ("PAYPAL *", "PP*"),
 * Shopify ("SP * "), Google Pay ("GOOGLE *"), Checkout.com ("CKO*"), Stripe's Payouts ("PY *"),
 * Clover ("CLV*"), Braintree ("BT*"), Eventbrite ("EB *"), FastSpring ("FS *"), Paddle
 * ("PADDLE.NET*"), 2Checkout ("2CO*"), Lightspeed ("LS "), Instacart ("IC* ").
 */
const PROCESSOR_PREFIX =
  /^(?:SQ|SQU|TST|PAYPAL|PP|SP|GOOGLE|CKO|PY|CLV|BT|EB|FS|PADDLE\.NET|2CO|IC|WPY|ZTL|SMK)\s*\*\s*/;

/**
 * The descriptor's merchant name, the way a person would write it. Rules, in order:
 * 1. upper-case, one space between words; bank prefixes and posting dates removed;
 * 2. a payment processor's prefix ("SQ *", "TST* ", "PAYPAL *") removed;
 * 3. a known chain found anywhere (with the MCC as a hint) is the answer, spelled as the brand is;
 * 4. otherwise noise is removed: reference codes after an asterisk ("*2K4LT1AB3"), web addresses,
 *    phone numbers, store numbers ("#1234", "STORE 12"), long digit runs, legal suffixes (LLC,
 *    INC), and the trailing location (city, state, ZIP, country); what is left is title-cased.
 * @param mcc the merchant category code, 4 digits, when the transaction has one.
 */
export function normalizeDescriptor(description: string, mcc?: string): string {
  let text = description.toUpperCase().replace(/\s+/g, " ").trim();
  for (const prefix of BANK_PREFIXES) text = text.replace(prefix, "");
  text = text.replace(/\b\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\b/g, " ").trim();

  const merchant = text.replace(PROCESSOR_PREFIX, "");
  // The processor stripped first: "GOOGLE *YOUTUBE" is YouTube; then the whole descriptor, for
  // chains that are their own processor ("AMZN Mktp US*2K4LT1AB3", "UBER *TRIP").
  const chain = findKnownChain(merchant, mcc) ?? findKnownChain(text, mcc);
  if (chain !== undefined) return chain;

  const cleaned = stripNoise(merchant);
  const words = stripTrailingLocation(cleaned.split(" ").filter((word) => word !== ""));
  const name = titleCase(trimPunctuation(words.join(" ")));
  return name === "" ? UNKNOWN_MERCHANT : name;
}

function stripNoise(text: string): string {
  return (
    text
      // A reference code after an asterisk: letters and at least one digit ("*2K4LT1AB3", "*M12345").
      .replace(/\*\s*(?=[A-Z0-9]*\d)[A-Z0-9]{4,}\b/g, " ")
      .replace(/\*/g, " ")
      // A web address: the name when it comes first ("BLUEAPRON.COM"), noise after ("HELP.UBER.COM").
      .replace(/^(?:WWW\.)?([A-Z0-9-]+)\.(?:COM|NET|ORG|IO|CO|US)(?:\/\S*)?(?=\s|$)/, "$1")
      .replace(/\s(?:WWW\.)?[A-Z0-9.-]+\.(?:COM|NET|ORG|IO|CO|US)(?:\/\S*)?(?=\s|$)/g, " ")
      // Phone numbers: 800-555-0199, (215) 555-0199, 1-800-555-0199, 8005550199.
      .replace(/(?:\b1[-. ]?)?\(?\b\d{3}\)?[-. ]?\d{3}[-. ]\d{4}\b/g, " ")
      .replace(/\b1?\d{10}\b/g, " ")
      // Store and terminal numbers: "#1234", "# 12", "NO. 55", "STORE 0042", "F12345", "T-1234".
      .replace(/#\s*[A-Z]?\d+\b/g, " ")
      .replace(/\b(?:NO\.?|STORE|STE|UNIT|LOC|STR)\s*\d+\b/g, " ")
      .replace(/\b[A-Z]-?\d{3,}\b/g, " ")
      // Long digit runs and codes mixing letters and digits: terminal ids, order references.
      .replace(/\b\d{3,}\b/g, " ")
      .replace(/\b(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{6,}\b/g, " ")
      .replace(/\b(?:LLC|L\.L\.C\.|INC\.?|CORP\.?|LTD\.?)(?=\s|$)/g, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** Separators left dangling at either end by the removals ("JOE'S PIZZA -"). */
function trimPunctuation(text: string): string {
  return text.replace(/^[\s\-,.:;/&]+|[\s\-,.:;/&]+$/g, "");
}
