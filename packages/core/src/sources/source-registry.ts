import { ConfigurationError, UnknownSourceError } from "../errors.ts";
import type { Source } from "./source.ts";

const SOURCE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Sources by name, validated once at setup. */
export interface SourceRegistry {
  /** The source for this request: the explicit name, else the only source, else the URL's last path segment. */
  resolve(name: string | undefined, url: string): Source;
  readonly names: readonly string[];
}

/** Builds the lookup used by the ingestor (404 for an unknown name). */
export function createSourceRegistry(sources: readonly Source[]): SourceRegistry {
  // Checked at run time too: a JavaScript caller may pass nothing at all.
  const given: unknown = sources;
  if (!Array.isArray(given) || given.length === 0) {
    throw new ConfigurationError("`sources` must list at least one source.");
  }
  const byName = new Map<string, Source>();
  for (const source of sources) {
    if (!SOURCE_NAME.test(source.name)) {
      throw new ConfigurationError("Each source `name` must be 1-64 letters, digits, `-` or `_`.");
    }
    if (byName.has(source.name))
      throw new ConfigurationError(`Two sources share the \`name\` "${source.name}".`);
    if (typeof source.verifier?.verify !== "function") {
      throw new ConfigurationError(
        `Source "${source.name}" needs a \`verifier\`: hookwise never accepts unsigned webhooks.`,
      );
    }
    byName.set(source.name, source);
  }
  const only = sources.length === 1 ? sources[0] : undefined;
  return {
    names: [...byName.keys()],
    resolve(name, url) {
      const wanted = name ?? (only === undefined ? lastPathSegment(url) : only.name);
      const source = wanted === undefined ? undefined : byName.get(wanted);
      if (source === undefined) throw new UnknownSourceError();
      return source;
    },
  };
}

function lastPathSegment(url: string): string | undefined {
  const path = url.split("?")[0] ?? "";
  const segments = path.split("/").filter((segment) => segment !== "");
  const last = segments.at(-1);
  return last === undefined ? undefined : safeDecode(last);
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
