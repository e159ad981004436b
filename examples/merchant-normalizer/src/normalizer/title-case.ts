/** Words kept lower-case inside a name ("Bank of America", "Salt and Straw"). */
const MINOR_WORDS: ReadonlySet<string> = new Set([
  "A",
  "AN",
  "AND",
  "AT",
  "BY",
  "FOR",
  "IN",
  "OF",
  "ON",
  "THE",
  "TO",
]);

/** Short words whose only vowel is a Y: words, not initials like NYC. */
const VOWELLESS_WORDS: ReadonlySet<string> = new Set([
  "MY",
  "BY",
  "GYM",
  "FLY",
  "SKY",
  "DRY",
  "FRY",
  "TRY",
  "SPY",
  "SHY",
  "WHY",
  "CRY",
  "PLY",
  "SLY",
]);

/**
 * Title case for an upper-case descriptor: "BLUE BOTTLE COFFEE" → "Blue Bottle Coffee",
 * "JOE'S PIZZA" → "Joe's Pizza", "THE SMOKEHOUSE BBQ" → "The Smokehouse BBQ" (initials without a
 * vowel stay upper-case), "MCCARTHY'S" → "McCarthy's".
 */
export function titleCase(text: string): string {
  return text
    .split(" ")
    .filter((word) => word !== "")
    .map((word, index) => {
      if (index > 0 && MINOR_WORDS.has(word)) return word.toLowerCase();
      return word.split("-").map(capitalise).join("-");
    })
    .join(" ");
}

function capitalise(word: string): string {
  if (
    word.length >= 2 &&
    word.length <= 4 &&
    !/[AEIOU]/.test(word) &&
    /^[A-Z&]+$/.test(word) &&
    !VOWELLESS_WORDS.has(word)
  ) {
    return word; // BBQ, CVS, KFC: initials.
  }
  const mc = /^MC([A-Z]{3,}.*)$/.exec(word);
  if (mc?.[1] !== undefined) return `Mc${capitalise(mc[1])}`;
  // The letter after an apostrophe stays lower-case: "JOE'S" → "Joe's", not "Joe'S".
  return word.charAt(0) + word.slice(1).toLowerCase();
}
