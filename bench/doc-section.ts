import { existsSync, readFileSync, writeFileSync } from "node:fs";

/** Where a bench's generated block lives in docs/benchmarks.md. */
export interface DocSection {
  /** The heading the block sits under, e.g. `## HTTP ingest`. */
  readonly heading: string;
  /** The opening marker line; matched up to its first " (" so its explanation may change. */
  readonly start: string;
  /** The closing marker line. */
  readonly end: string;
}

/**
 * Puts `report` between the section's markers, creating the section (or the file) when missing.
 * Nothing outside the markers is touched, so hand-written analysis and the other benches' sections
 * stay as they are. The file is formatted like the rest of the repo, so `prettier --check .` stays
 * green after a run.
 */
export async function writeDocSection(
  path: string,
  section: DocSection,
  report: string,
): Promise<void> {
  const { heading, start: startMarker, end: endMarker } = section;
  const block = `${startMarker}\n${report.trimEnd()}\n${endMarker}`;
  let text = existsSync(path) ? readFileSync(path, "utf8") : "# Benchmarks\n";
  const cut = startMarker.indexOf(" (");
  const start = text.indexOf(cut === -1 ? startMarker : startMarker.slice(0, cut));
  const end = text.indexOf(endMarker);
  if (start !== -1 && end > start) {
    text = `${text.slice(0, start)}${block}${text.slice(end + endMarker.length)}`;
  } else if (text.includes(`\n${heading}\n`)) {
    const at = text.indexOf(`\n${heading}\n`) + heading.length + 2;
    text = `${text.slice(0, at)}\n${block}\n${text.slice(at)}`;
  } else {
    text = `${text.trimEnd()}\n\n${heading}\n\n${block}\n`;
  }
  const prettier = await import("prettier");
  const config = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(text, { ...config, filepath: path }));
}
