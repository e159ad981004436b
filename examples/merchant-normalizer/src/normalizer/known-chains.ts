/**
 * Merchants whose descriptors are recognised by name, anywhere in the cleaned descriptor, with the
 * name they are known by. Card networks truncate and abbreviate ("WHOLEFDS MKT", "AMZN Mktp US"),
 * so the patterns spell what appears on statements, not the brand.
 *
 * `mcc`, when set, must accept the transaction's merchant category code for the entry to apply:
 * a word that is a brand only in one trade ("SHELL" at a fuel station, "DELTA" on an airline
 * ticket, "UBER" at a restaurant meaning Uber Eats) is never guessed from the words alone.
 */
export interface KnownChain {
  readonly name: string;
  readonly pattern: RegExp;
  readonly mcc?: (mcc: string | undefined) => boolean;
}

const inRange = (mcc: string | undefined, from: number, to: number): boolean =>
  mcc !== undefined && Number(mcc) >= from && Number(mcc) <= to;

/** Eating places, bars, fast food (5811 to 5814). */
export const isRestaurantMcc = (mcc: string | undefined): boolean => inRange(mcc, 5811, 5814);
/** Fuel: service stations, automated fuel dispensers, fuel dealers. */
export const isFuelMcc = (mcc: string | undefined): boolean =>
  mcc === "5541" || mcc === "5542" || mcc === "5983";
/** Airlines: the per-carrier codes 3000 to 3350 and the generic 4511. */
export const isAirlineMcc = (mcc: string | undefined): boolean =>
  inRange(mcc, 3000, 3350) || mcc === "4511";
/** Anything but local transit (4111), where "SUBWAY" is the train. */
const notTransit = (mcc: string | undefined): boolean => mcc !== "4111";

/**
 * In priority order: when two entries match at the same place, the first wins, so the specific
 * ("UBER EATS", "AMAZON PRIME") comes before the general ("UBER", "AMAZON").
 */
export const KNOWN_CHAINS: readonly KnownChain[] = [
  { name: "Uber Eats", pattern: /\bUBER\s*\*?\s*EATS\b|\bUBEREATS\b/ },
  { name: "Uber Eats", pattern: /\bUBER\b/, mcc: isRestaurantMcc },
  { name: "Uber", pattern: /\bUBER\b/ },
  { name: "Lyft", pattern: /\bLYFT\b/ },
  { name: "Amazon Prime", pattern: /\bAMAZON PRIME\b|\bAMZN PRIME\b/ },
  { name: "Prime Video", pattern: /\bPRIME VIDEO\b/ },
  { name: "Amazon", pattern: /\bAMZN\b|\bAMAZON(?:\.COM)?\b/ },
  { name: "Whole Foods Market", pattern: /\bWHOLE ?FOODS\b|\bWHOLEFDS\b|\bWFM\b/ },
  { name: "Trader Joe's", pattern: /\bTRADER JOE'?S?\b/ },
  { name: "Starbucks", pattern: /\bSTARBUCKS\b/ },
  { name: "McDonald's", pattern: /\bMC ?DONALD'?S?\b/ },
  { name: "Burger King", pattern: /\bBURGER ?KING\b/ },
  { name: "Chick-fil-A", pattern: /\bCHICK-?FIL-?A\b/ },
  { name: "Chipotle", pattern: /\bCHIPOTLE\b/ },
  { name: "Taco Bell", pattern: /\bTACO BELL\b/ },
  { name: "Wendy's", pattern: /\bWENDY'?S\b/ },
  { name: "Domino's", pattern: /\bDOMINO'?S\b/ },
  { name: "Dunkin'", pattern: /\bDUNKIN\b/ },
  { name: "Panera Bread", pattern: /\bPANERA\b/ },
  { name: "Peet's Coffee", pattern: /\bPEET'?S\b/ },
  { name: "Shake Shack", pattern: /\bSHAKE ?SHACK\b/ },
  { name: "Subway", pattern: /\bSUBWAY\b/, mcc: notTransit },
  { name: "DoorDash", pattern: /\bDOORDASH\b/ },
  { name: "Grubhub", pattern: /\bGRUBHUB\b/ },
  { name: "Instacart", pattern: /\bINSTACART\b/ },
  { name: "Netflix", pattern: /\bNETFLIX\b/ },
  { name: "Spotify", pattern: /\bSPOTIFY\b/ },
  { name: "Hulu", pattern: /\bHULU\b/ },
  { name: "Disney+", pattern: /\bDISNEY ?PLUS\b/ },
  { name: "YouTube", pattern: /\bYOUTUBE\b/ },
  { name: "Apple", pattern: /\bAPPLE\.COM\b|\bAPPLE STORE\b|\bITUNES\b|\bAPL\b/ },
  { name: "Google", pattern: /\bGOOGLE\b/ },
  { name: "Microsoft", pattern: /\bMICROSOFT\b|\bMSFT\b/ },
  { name: "GitHub", pattern: /\bGITHUB\b/ },
  { name: "OpenAI", pattern: /\bOPENAI\b/ },
  { name: "Dropbox", pattern: /\bDROPBOX\b/ },
  { name: "Steam", pattern: /\bSTEAM ?(?:GAMES|POWERED)\b/ },
  { name: "Airbnb", pattern: /\bAIRBNB\b/ },
  { name: "Walmart", pattern: /\bWAL-?MART\b|\bWM SUPERCENTER\b/ },
  { name: "Target", pattern: /\bTARGET\b/ },
  { name: "Costco", pattern: /\bCOSTCO\b/ },
  { name: "CVS Pharmacy", pattern: /\bCVS\b/ },
  { name: "Walgreens", pattern: /\bWALGREENS\b/ },
  { name: "The Home Depot", pattern: /\bHOME ?DEPOT\b/ },
  { name: "Lowe's", pattern: /\bLOWE'?S\b/ },
  { name: "Best Buy", pattern: /\bBEST ?BUY\b/ },
  { name: "IKEA", pattern: /\bIKEA\b/ },
  { name: "Safeway", pattern: /\bSAFEWAY\b/ },
  { name: "Kroger", pattern: /\bKROGER\b/ },
  { name: "7-Eleven", pattern: /\b7-?ELEVEN\b|\b7 ELEVEN\b/ },
  { name: "Circle K", pattern: /\bCIRCLE K\b/ },
  { name: "Wawa", pattern: /\bWAWA\b/ },
  { name: "Chevron", pattern: /\bCHEVRON\b/ },
  { name: "ExxonMobil", pattern: /\bEXXON(?:MOBIL)?\b/ },
  { name: "Shell", pattern: /\bSHELL\b/, mcc: isFuelMcc },
  { name: "BP", pattern: /\bBP\b/, mcc: isFuelMcc },
  { name: "Delta Air Lines", pattern: /\bDELTA AIR/ },
  { name: "Delta Air Lines", pattern: /\bDELTA\b/, mcc: isAirlineMcc },
  { name: "United Airlines", pattern: /\bUNITED AIR/ },
  { name: "United Airlines", pattern: /\bUNITED\b/, mcc: isAirlineMcc },
  { name: "American Airlines", pattern: /\bAMERICAN AIR/ },
  { name: "Southwest Airlines", pattern: /\bSOUTHWES(?:T)?\b/, mcc: isAirlineMcc },
  { name: "Marriott", pattern: /\bMARRIOTT\b/ },
  { name: "Hilton", pattern: /\bHILTON\b/ },
];

/** The chain named earliest in the descriptor (ties: the first in {@link KNOWN_CHAINS}). */
export function findKnownChain(descriptor: string, mcc: string | undefined): string | undefined {
  let best: { name: string; index: number } | undefined;
  for (const chain of KNOWN_CHAINS) {
    if (chain.mcc !== undefined && !chain.mcc(mcc)) continue;
    const match = chain.pattern.exec(descriptor);
    if (match !== null && (best === undefined || match.index < best.index)) {
      best = { name: chain.name, index: match.index };
    }
  }
  return best?.name;
}
