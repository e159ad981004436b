/**
 * Reading a Braintree notification without an XML library. The preset needs two elements, the
 * root's `<kind>` and `<timestamp>`; a parser dependency (xml2js, as the SDK uses, or
 * fast-xml-parser) would bring entity handling, attribute and namespace rules and a few hundred KB
 * for them. This scanner does less on purpose: it refuses DOCTYPE, CDATA, comments and processing
 * instructions other than the XML declaration (Braintree sends none), expands no entity, and reads
 * only direct children of `<notification>` whose content is plain text, so a `<kind>` nested in
 * the subject (a dispute's) is never taken for the notification's.
 */
import { decodeBase64 } from "../../verify/encoding.ts";
import { fromUtf8 } from "../../util/bytes.ts";

/**
 * What the preset reads: the notification `kind`, its `timestamp` and the whole XML.
 * @category Ingest
 */
export interface BraintreeNotification {
  /** e.g. `subscription_charged_successfully`, `dispute_opened`, `check`. */
  readonly kind: string | undefined;
  /** ISO 8601, e.g. `2026-01-01T00:00:00Z`. */
  readonly timestamp: string | undefined;
  /** The decoded notification XML, for your own parser (or the SDK's `webhookNotification.parse`). */
  readonly xml: string;
}

const TAG = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[^<>]*?)?)(\/?)>/y;
const WANTED = new Set(["kind", "timestamp"]);

/**
 * Decodes `bt_payload` (base64 with line breaks) and reads `kind` and `timestamp`.
 * @throws Error when the payload is not base64 of UTF-8 XML with a `<notification>` root.
 * @internal
 */
export function readBraintreeNotification(payload: string): BraintreeNotification {
  const bytes = decodeBase64(payload.replaceAll("\n", ""));
  if (bytes === undefined) throw new Error("`bt_payload` is not base64.");
  const xml = fromUtf8(bytes);
  const fields = rootChildren(xml);
  return { kind: fields.get("kind"), timestamp: fields.get("timestamp"), xml };
}

/** Text of the wanted direct children of a `<notification>` root. */
function rootChildren(xml: string): Map<string, string> {
  const start = xml.replace(/^\uFEFF?\s*(?:<\?xml[^<>]*\?>\s*)?/, "");
  const offset = xml.length - start.length;
  if (/<[!?]/.test(start)) throw new Error("The notification holds markup Braintree never sends.");
  const found = new Map<string, string>();
  const stack: string[] = [];
  let index = offset;
  while (index < xml.length) {
    const next = xml.indexOf("<", index);
    if (next === -1) break;
    TAG.lastIndex = next;
    const tag = TAG.exec(xml);
    if (tag === null) throw new Error("The notification is not well-formed XML.");
    const [whole, closing, name = "", , selfClosing] = tag;
    index = next + whole.length;
    if (closing === "/") {
      if (stack.pop() !== name) throw new Error("The notification is not well-formed XML.");
    } else if (selfClosing !== "/") {
      if (stack.length === 0 && name !== "notification")
        throw new Error("The payload is not a Braintree notification.");
      if (stack.length === 1 && WANTED.has(name) && !found.has(name)) {
        const end = xml.indexOf("<", index);
        const text = xml.slice(index, end === -1 ? xml.length : end).trim();
        if (xml.startsWith(`</${name}>`, end) && /^[^&]+$/.test(text)) found.set(name, text);
      }
      stack.push(name);
    }
  }
  if (stack.length !== 0) throw new Error("The notification is not well-formed XML.");
  return found;
}
