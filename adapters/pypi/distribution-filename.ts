import { normalizeName } from "../../core/pep508/index.js";

export type DistributionKind = "wheel" | "sdist";

export interface ParsedFilename {
  readonly kind: DistributionKind;
  /** As written in the filename (wheels escape `-` as `_`). */
  readonly version: string;
}

const SDIST_SUFFIXES = [".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz", ".tar"];

/**
 * The version a distribution filename carries, or null when it is not a wheel or sdist of
 * `project` (eggs, installers, files of another project).
 * Wheel: `{name}-{ver}(-{build})?-{py}-{abi}-{plat}.whl`; sdist: `{name}-{ver}.tar.gz|.zip|...`,
 * where `{name}` normalizes (PEP 503) to the project's name; an sdist's name may itself contain `-`.
 */
export function parseDistributionFilename(filename: string, project: string): ParsedFilename | null {
  const want = normalizeName(project);
  const lower = filename.toLowerCase();
  if (lower.endsWith(".whl")) {
    const parts = filename.slice(0, -4).split("-");
    if (parts.length !== 5 && parts.length !== 6) return null;
    if (normalizeName(parts[0]) !== want || parts[1] === "") return null;
    if (parts.length === 6 && !/^\d/.test(parts[2])) return null;
    return { kind: "wheel", version: parts[1] };
  }
  const suffix = SDIST_SUFFIXES.find((s) => lower.endsWith(s));
  if (suffix === undefined) return null;
  const stem = filename.slice(0, -suffix.length);
  for (let i = stem.indexOf("-"); i > 0; i = stem.indexOf("-", i + 1)) {
    if (normalizeName(stem.slice(0, i)) === want) {
      const version = stem.slice(i + 1);
      return version === "" || !/^[vV]?\d/.test(version) ? null : { kind: "sdist", version };
    }
  }
  return null;
}
