/**
 * Exact decimal → integer conversions. NewStore sends amounts as JSON decimals (`19.99`) or decimal
 * strings (`"19.99"`); Hail wants integer minor units (`1999`). Multiplying the float by 100 drifts
 * (`1.005 * 100 === 100.49999999999999`, `0.29 * 100 === 28.999999999999996`), so the amount is
 * read as its decimal digits and shifted as text, then rounded once, half away from zero.
 */

const DECIMAL = /^(-)?(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;
/** Decimal places kept by {@link toPercentString}. */
const PERCENT_SCALE = 5;
const exponentCache = new Map<string, number>();

/**
 * Decimal places of a currency's minor unit (ISO 4217) from the runtime's ICU data: USD and EUR 2,
 * JPY and KRW 0, KWD and BHD 3.
 */
export function currencyExponent(currency: string): number {
  let exponent = exponentCache.get(currency);
  if (exponent === undefined) {
    const format = new Intl.NumberFormat("en", { style: "currency", currency });
    exponent = format.resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(currency, exponent);
  }
  return exponent;
}

/**
 * `value × 10^scale` as an exact integer, rounded half away from zero when `value` has more
 * decimals than `scale`.
 * @throws RangeError when `value` is not a finite decimal or the result is not a safe integer.
 * @example
 * scaleDecimal(1.005, 2); // 101 (the float 1.005 * 100 would give 100.49999999999999)
 * scaleDecimal("0.0725", 4); // 725
 */
export function scaleDecimal(value: number | string, scale: number): number {
  const text = typeof value === "number" ? numberToText(value) : value.trim();
  const match = DECIMAL.exec(text);
  if (match === null) throw new RangeError("Amount is not a decimal number.");
  const [, sign, whole = "", fraction = "", exponentText = "0"] = match;
  const digits = `${whole}${fraction}`;
  // Position of the decimal point in `digits` after scaling.
  const point = whole.length + Number(exponentText) + scale;
  let scaled = point <= 0 ? 0n : BigInt(digits.slice(0, point).padEnd(point, "0") || "0");
  const firstDropped = point < 0 ? 0 : Number(digits.charAt(point) || "0");
  if (point >= 0 && firstDropped >= 5) scaled += 1n;
  const result = Number(sign === "-" ? -scaled : scaled);
  if (!Number.isSafeInteger(result))
    throw new RangeError("Amount is too large to represent exactly.");
  return result === 0 ? 0 : result;
}

/** An amount in the currency's minor units: `toMinorUnits(19.99, "USD") === 1999`, `toMinorUnits(1500, "JPY") === 1500`. */
export function toMinorUnits(value: number | string, currency: string): number {
  return scaleDecimal(value, currencyExponent(currency));
}

/**
 * A rate given as a fraction, as an exact percentage string: `toPercentString(0.08625) === "8.625"`
 * (basis points could not say 8.625 %), precise to 0.00001 %.
 */
export function toPercentString(rate: number | string): string {
  const scaled = scaleDecimal(rate, PERCENT_SCALE + 2);
  const text = String(Math.abs(scaled)).padStart(PERCENT_SCALE + 1, "0");
  const whole = text.slice(0, -PERCENT_SCALE);
  const fraction = text.slice(-PERCENT_SCALE).replace(/0+$/, "");
  return `${scaled < 0 ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}

function numberToText(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError("Amount is not a finite number.");
  // The shortest text that reads back as the same double: exactly what the sender wrote in JSON.
  return String(value);
}
