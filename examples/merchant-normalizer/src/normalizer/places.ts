/**
 * What card networks append to a merchant name: the city (truncated to 13 characters on most
 * networks) and the US state or Canadian province, sometimes a ZIP code or a country.
 */

/** US states, DC and territories, and Canadian provinces, as two-letter codes. */
export const REGION_CODES: ReadonlySet<string> = new Set([
  ...["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN"],
  ...["IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH"],
  ...["NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT"],
  ...["VT", "VA", "WA", "WV", "WI", "WY", "PR", "GU", "VI"],
  ...["AB", "BC", "MB", "NB", "NL", "NS", "ON", "PE", "QC", "SK"],
]);

/**
 * Cities common on statements, upper-case, with the truncations networks print. A heuristic has to
 * stop somewhere: a city not listed stays in the name ("Lucky Dragon Springfield"), which is why a
 * human-curated list like this grows with the traffic it sees.
 */
export const CITIES: readonly string[] = [
  "NEW YORK",
  "BROOKLYN",
  "QUEENS",
  "BRONX",
  "SAN FRANCISCO",
  "SAN FRANCISC",
  "SAN FRAN",
  "S SAN FRAN",
  "LOS ANGELES",
  "OAKLAND",
  "BERKELEY",
  "EMERYVILLE",
  "PALO ALTO",
  "MOUNTAIN VIEW",
  "SAN JOSE",
  "SANTA CLARA",
  "SUNNYVALE",
  "CUPERTINO",
  "SAN MATEO",
  "SAN DIEGO",
  "SANTA MONICA",
  "PASADENA",
  "LONG BEACH",
  "IRVINE",
  "SACRAMENTO",
  "SEATTLE",
  "BELLEVUE",
  "REDMOND",
  "TACOMA",
  "SPOKANE",
  "PORTLAND",
  "BOISE",
  "SALT LAKE CITY",
  "DENVER",
  "PHOENIX",
  "TUCSON",
  "LAS VEGAS",
  "ALBUQUERQUE",
  "AUSTIN",
  "DALLAS",
  "FORT WORTH",
  "HOUSTON",
  "SAN ANTONIO",
  "EL PASO",
  "CHICAGO",
  "MINNEAPOLIS",
  "MILWAUKEE",
  "DETROIT",
  "CLEVELAND",
  "COLUMBUS",
  "CINCINNATI",
  "INDIANAPOLIS",
  "ST LOUIS",
  "SAINT LOUIS",
  "KANSAS CITY",
  "OMAHA",
  "NASHVILLE",
  "NEW ORLEANS",
  "ATLANTA",
  "CHARLOTTE",
  "RALEIGH",
  "RICHMOND",
  "WASHINGTON",
  "ARLINGTON",
  "BALTIMORE",
  "PHILADELPHIA",
  "PITTSBURGH",
  "JERSEY CITY",
  "HOBOKEN",
  "BOSTON",
  "CAMBRIDGE",
  "MIAMI",
  "ORLANDO",
  "TAMPA",
  "JACKSONVILLE",
  "HONOLULU",
  "ANCHORAGE",
  "TORONTO",
  "VANCOUVER",
  "MONTREAL",
];

/** Longest city names first, so "SAN FRANCISCO" is tried before "SAN FRAN". */
const CITIES_LONGEST_FIRST = [...CITIES].sort((a, b) => b.length - a.length);

/**
 * `words` without the trailing location: country, ZIP code, region code, then any cities (a
 * descriptor may repeat the city: "JOE'S PIZZA - BROOKLYN BROOKLYN NY"). A part is removed only
 * when a word is left before it: "BOSTON" alone is a name, not a location.
 */
export function stripTrailingLocation(words: readonly string[]): string[] {
  const out = [...words];
  const dropLastIf = (test: (word: string) => boolean): void => {
    const last = out.at(-1);
    if (out.length > 1 && last !== undefined && test(last)) out.pop();
  };
  dropLastIf((word) => word === "USA" || word === "US");
  dropLastIf((word) => /^\d{5}(?:-\d{4})?$/.test(word));
  dropLastIf((word) => REGION_CODES.has(word));
  for (let removed = true; removed;) {
    removed = false;
    const text = out.join(" ");
    for (const city of CITIES_LONGEST_FIRST) {
      const cityWords = city.split(" ").length;
      if (out.length > cityWords && (text === city || text.endsWith(` ${city}`))) {
        out.splice(out.length - cityWords, cityWords);
        removed = true;
        break;
      }
    }
  }
  return out;
}
