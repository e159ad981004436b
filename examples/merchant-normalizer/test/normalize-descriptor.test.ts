import { describe, expect, it } from "vitest";
import { normalizeDescriptor, UNKNOWN_MERCHANT } from "../src/normalizer/normalize-descriptor.ts";
import { stripTrailingLocation } from "../src/normalizer/places.ts";
import { titleCase } from "../src/normalizer/title-case.ts";

describe("normalizeDescriptor", () => {
  it.each([
    // Payment processors' prefixes, store numbers and trailing city and state.
    ["SQ *BLUE BOTTLE COFFEE #12 OAKLAND CA", "Blue Bottle Coffee"],
    ["SQ *SIGHTGLASS COFFEE SAN FRANCISCO CA", "Sightglass Coffee"],
    ["TST* JOE'S PIZZA - BROOKLYN BROOKLYN NY", "Joe's Pizza"],
    ["TST* THE SMOKEHOUSE BBQ 555-123-4567", "The Smokehouse BBQ"],
    ["SP * ALLBIRDS", "Allbirds"],
    ["EB *TECH MEETUP 801-413-7200 CA", "Tech Meetup"],
    // Phone numbers in their spellings, ZIP codes, country, legal suffixes.
    ["SQ *LA COLOMBE COFFEE ROASTERS (215) 555-0199 PHILADELPHIA PA", "La Colombe Coffee Roasters"],
    ["THE CHEESECAKE FACTORY #0123 PALO ALTO CA 94301 USA", "The Cheesecake Factory"],
    ["MCCARTHY'S PUB & GRILL LLC BOSTON MA", "McCarthy's Pub & Grill"],
    ["BLUEAPRON.COM 888-278-4349 NY", "Blueapron"],
    // Bank prefixes and posting dates.
    ["POS DEBIT 04/12 TRADER JOE'S #552 QPS SAN FRANCISCO CA", "Trader Joe's"],
    ["PURCHASE AUTHORIZED ON 04/12 TARGET T-1234 AUSTIN TX", "Target"],
    ["CHECKCARD 0412 SQ *SIGHTGLASS COFFEE SAN FRANCISCO CA", "Sightglass Coffee"],
    // Known chains, however the network abbreviates them, and reference codes.
    ["AMZN Mktp US*2K4LT1AB3", "Amazon"],
    ["WHOLEFDS MKT 10234 BERKELEY CA", "Whole Foods Market"],
    ["MCDONALD'S F12345 NEW YORK NY", "McDonald's"],
    ["PAYPAL *NETFLIX.COM", "Netflix"],
    ["PAYPAL *STEAMGAMES 4259522985 WA", "Steam"],
    ["GOOGLE *YOUTUBE PREMIUM g.co/helppay#", "YouTube"],
    ["APPLE.COM/BILL 866-712-7753 CA", "Apple"],
    ["DD *DOORDASH BURGERKING 855-973-1040 CA", "DoorDash"],
    ["sq *blue bottle   coffee", "Blue Bottle Coffee"],
  ])("%s → %s", (descriptor, name) => {
    expect(normalizeDescriptor(descriptor)).toBe(name);
  });

  it("uses the MCC as a hint for words that are a brand in one trade only", () => {
    expect(normalizeDescriptor("UBER *TRIP HELP.UBER.COM CA", "4121")).toBe("Uber");
    expect(normalizeDescriptor("UBER *TRIP HELP.UBER.COM CA", "5812")).toBe("Uber Eats");
    expect(normalizeDescriptor("SHELL OIL 57442651003 HOUSTON TX", "5541")).toBe("Shell");
    expect(normalizeDescriptor("SHELL OIL 57442651003 HOUSTON TX", "5812")).toBe("Shell Oil");
    expect(normalizeDescriptor("SHELL OIL 57442651003 HOUSTON TX")).toBe("Shell Oil");
    expect(normalizeDescriptor("DELTA 0062345678901", "3058")).toBe("Delta Air Lines");
    expect(normalizeDescriptor("DELTA 0062345678901", "5812")).toBe("Delta");
    expect(normalizeDescriptor("SUBWAY 00123456 SEATTLE WA", "5814")).toBe("Subway");
    expect(normalizeDescriptor("NYC SUBWAY MTA", "4111")).toBe("NYC Subway Mta");
  });

  it("never answers an empty name", () => {
    expect(normalizeDescriptor("SQ *")).toBe(UNKNOWN_MERCHANT);
    expect(normalizeDescriptor("#1234 800-555-0199")).toBe(UNKNOWN_MERCHANT);
  });

  it("keeps a city it does not know (a heuristic has limits), and a name that is a city", () => {
    expect(normalizeDescriptor("LUCKY DRAGON SPRINGFIELD IL")).toBe("Lucky Dragon Springfield");
    expect(normalizeDescriptor("BOSTON")).toBe("Boston");
  });
});

describe("stripTrailingLocation", () => {
  it("drops country, ZIP, region and cities from the end, never the last word", () => {
    expect(stripTrailingLocation(["CAFE", "SAN", "FRANCISCO", "CA", "94103", "US"])).toEqual([
      "CAFE",
    ]);
    expect(stripTrailingLocation(["CA"])).toEqual(["CA"]);
    expect(stripTrailingLocation(["SAN", "FRANCISCO"])).toEqual(["SAN", "FRANCISCO"]);
  });
});

describe("titleCase", () => {
  it("title-cases words, keeps minor words lower-case and initials upper-case", () => {
    expect(titleCase("BANK OF THE WEST")).toBe("Bank of the West");
    expect(titleCase("THE BBQ PIT")).toBe("The BBQ Pit");
    expect(titleCase("MY GYM")).toBe("My Gym");
    expect(titleCase("JOE'S CRAB-SHACK")).toBe("Joe's Crab-Shack");
    expect(titleCase("MCKENZIE & CO")).toBe("McKenzie & Co");
  });
});
