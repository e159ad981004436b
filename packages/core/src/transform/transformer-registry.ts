import { ConfigurationError } from "../errors.ts";
import { assertName } from "../dispatch/destination.ts";
import { transformerId, type Transformer } from "./transformer.ts";

/**
 * What happens to an event whose (source, type) no transformer handles:
 * - `store`: accept it (2xx) and keep it with status `ignored`, so it can be inspected later;
 * - `ignore`: accept it (2xx) without keeping it;
 * - `reject`: answer 422 (`UNKNOWN_EVENT_TYPE`), so the sender sees the mistake.
 * @category Transform
 */
export type UnknownEventTypePolicy = "store" | "ignore" | "reject";

/** Default {@link UnknownEventTypePolicy}. @category Transform */
export const DEFAULT_UNKNOWN_EVENT_TYPES: UnknownEventTypePolicy = "store";

/** Options of {@link createTransformerRegistry}. @category Transform */
export interface TransformerRegistryOptions {
  /** What to do with events no transformer handles. @default "store" */
  readonly unknownEventTypes?: UnknownEventTypePolicy;
}

/**
 * The transformers, looked up by (source, type).
 * @category Transform
 */
export interface TransformerRegistry {
  /** Every transformer, in registration order. */
  readonly transformers: readonly Transformer[];
  /** The policy for events no transformer handles. */
  readonly unknownEventTypes: UnknownEventTypePolicy;
  /** Transformers for this source and type, in registration order (empty when none). */
  forEvent(source: string, type: string): readonly Transformer[];
  /** Whether any transformer handles this source and type. */
  has(source: string, type: string): boolean;
}

/**
 * Builds the registry and checks every transformer up front: names, versions, types, destinations
 * listed, and that no `name@version` appears twice. (Whether the destinations exist is checked by
 * `createWorker`, which knows them.)
 * @example
 * const transformers = createTransformerRegistry([toPartner, toCrm], { unknownEventTypes: "reject" });
 * @throws ConfigurationError naming the offending transformer and option.
 * @category Transform
 */
export function createTransformerRegistry(
  transformers: readonly Transformer[],
  options: TransformerRegistryOptions = {},
): TransformerRegistry {
  const unknownEventTypes = options.unknownEventTypes ?? DEFAULT_UNKNOWN_EVENT_TYPES;
  if (!["store", "ignore", "reject"].includes(unknownEventTypes)) {
    throw new ConfigurationError('`unknownEventTypes` must be "store", "ignore" or "reject".');
  }
  const byEvent = new Map<string, Transformer[]>();
  const seen = new Set<string>();
  for (const [index, transformer] of transformers.entries()) {
    validate(transformer, index);
    const id = transformerId(transformer);
    if (seen.has(id)) {
      throw new ConfigurationError(
        `Transformer \`${id}\` is registered twice; bump \`version\` or rename one of them.`,
      );
    }
    seen.add(id);
    for (const type of new Set(typesOf(transformer))) {
      const key = eventKey(transformer.source, type);
      byEvent.set(key, [...(byEvent.get(key) ?? []), transformer]);
    }
  }
  const none: readonly Transformer[] = Object.freeze([]);
  // source -> type -> transformers: a lookup per request without building a key string.
  const bySource = new Map<string, Map<string, readonly Transformer[]>>();
  // Sources with a pattern (`*`, `order.*`): their lookups scan that source's transformers.
  const withPatterns = new Map<string, readonly Transformer[]>();
  for (const transformer of transformers) {
    if (typesOf(transformer).some(isPattern)) {
      const own = transformers.filter((each) => each.source === transformer.source);
      withPatterns.set(transformer.source, own);
    }
  }
  const matching = (source: string, type: string): readonly Transformer[] | undefined => {
    const own = withPatterns.get(source);
    if (own === undefined) return undefined;
    const list = own.filter((transformer) =>
      typesOf(transformer).some((each) => typeMatches(each, type)),
    );
    return list.length === 0 ? none : Object.freeze(list);
  };
  for (const transformer of transformers) {
    for (const type of new Set(typesOf(transformer))) {
      const list = byEvent.get(eventKey(transformer.source, type));
      if (list === undefined) continue;
      let types = bySource.get(transformer.source);
      if (types === undefined) {
        types = new Map<string, readonly Transformer[]>();
        bySource.set(transformer.source, types);
      }
      if (!types.has(type)) types.set(type, Object.freeze(list));
    }
  }
  return Object.freeze({
    transformers: Object.freeze([...transformers]),
    unknownEventTypes,
    forEvent: (source: string, type: string) =>
      matching(source, type) ?? bySource.get(source)?.get(type) ?? none,
    has: (source: string, type: string) =>
      (matching(source, type)?.length ?? 0) > 0 || bySource.get(source)?.has(type) === true,
  });
}

function validate(transformer: Transformer, index: number): void {
  const at = `transformers[${String(index)}]`;
  assertName(`${at}.name`, transformer.name);
  const version = transformer.version ?? 1;
  if (!Number.isInteger(version) || version < 1) {
    throw new ConfigurationError(`\`${at}.version\` must be an integer of at least 1.`);
  }
  if (typeof transformer.source !== "string" || transformer.source === "") {
    throw new ConfigurationError(`\`${at}.source\` must be a source name.`);
  }
  const types = typesOf(transformer);
  if (types.length === 0 || types.some((type) => typeof type !== "string" || type === "")) {
    throw new ConfigurationError(
      `\`${at}.type\` must be an event type or a non-empty list of them.`,
    );
  }
  const badPattern = types.find((type) => type.includes("*") && !isPattern(type));
  if (badPattern !== undefined) {
    throw new ConfigurationError(
      `\`${at}.type\` has "${badPattern}": a pattern is "*" (every type) or a prefix such as "order.*".`,
    );
  }
  if (!Array.isArray(transformer.to) || transformer.to.length === 0) {
    throw new ConfigurationError(`\`${at}.to\` must list at least one destination name.`);
  }
  transformer.to.forEach((name, i) => assertName(`${at}.to[${String(i)}]`, name));
  if (new Set(transformer.to).size !== transformer.to.length) {
    throw new ConfigurationError(`\`${at}.to\` lists a destination twice.`);
  }
  if (typeof transformer.transform !== "function") {
    throw new ConfigurationError(`\`${at}.transform\` must be a function.`);
  }
}

/** `*` (every type) or `prefix.*` (every type under `prefix.`, at any depth). */
function isPattern(type: string): boolean {
  return (
    type === "*" || (type.length > 2 && type.endsWith(".*") && !type.slice(0, -2).includes("*"))
  );
}

function typeMatches(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (isPattern(pattern)) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

function typesOf(transformer: Transformer): readonly string[] {
  return typeof transformer.type === "string" ? [transformer.type] : transformer.type;
}

function eventKey(source: string, type: string): string {
  // JSON keeps the pair unambiguous whatever characters a source or type contains.
  return JSON.stringify([source, type]);
}
