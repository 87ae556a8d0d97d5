/**
 * Groups a project page's files into releases (one CandidateInfo per version). The version is
 * read from each filename; files that are not a wheel or sdist of the project are left out.
 * A release is yanked (PEP 592) when all its files are; its requires-python is the first one
 * stated (sdist first); its upload time the earliest; its hashes those of the sdist, else of
 * its first file.
 */
import type { CandidateInfo, DistributionFile } from "../../core/catalog/index.js";
import { formatVersion, parseVersion } from "../../core/pep440/index.js";
import { parseDistributionFilename } from "./distribution-filename.js";
import type { IndexFile } from "./index-cache.js";

export interface Release {
  readonly info: CandidateInfo;
  /** The files as listed, sdists first, with their metadata hashes. */
  readonly files: readonly IndexFile[];
  readonly sdists: number;
}

/**
 * Grouping key of a version string: its PEP 440 canonical form with trailing `.0`s of the release
 * dropped, so `1.0`, `1.0.0`, `v1.0` and `1.0-0` (a wheel's escape) meet. A string that is not a
 * PEP 440 version keys on itself, lower-cased, `_` read as `-`.
 */
export function versionKey(version: string): string {
  const parsed = parseVersion(version.trim());
  if (!parsed.ok) return version.trim().toLowerCase().replace(/^v/, "").replace(/_/g, "-");
  const release = [...parsed.value.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return formatVersion({ ...parsed.value, release });
}

export function groupReleases(project: string, files: readonly IndexFile[]): Map<string, Release> {
  const groups = new Map<string, { version: string; sdists: IndexFile[]; wheels: IndexFile[] }>();
  for (const file of files) {
    const parsed = parseDistributionFilename(file.filename, project);
    if (parsed === null) continue;
    const key = versionKey(parsed.version);
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = { version: parsed.version, sdists: [], wheels: [] }));
    if (parsed.kind === "sdist") {
      if (g.sdists.length === 0) g.version = parsed.version;
      g.sdists.push(file);
    } else {
      g.wheels.push(file);
    }
  }
  const out = new Map<string, Release>();
  for (const [key, g] of groups) {
    const all = [...g.sdists, ...g.wheels];
    const yanked = all.every((f) => f.yanked);
    const uploads = all.map((f) => f.uploadTime).filter((t): t is string => t !== null).sort();
    out.set(key, {
      sdists: g.sdists.length,
      files: all,
      info: {
        version: g.version,
        requiresPython: all.find((f) => f.requiresPython !== null)?.requiresPython ?? null,
        yanked,
        yankedReason: yanked ? all.find((f) => f.yankedReason)?.yankedReason ?? null : null,
        uploadTime: uploads[0] ?? null,
        hashes: all[0].hashes,
        files: all.map(portFile),
      },
    });
  }
  return out;
}

function portFile(f: IndexFile): DistributionFile {
  return {
    filename: f.filename,
    ...(f.url !== undefined ? { url: f.url } : {}),
    hashes: f.hashes,
    requiresPython: f.requiresPython,
    yanked: f.yanked,
    uploadTime: f.uploadTime,
    ...(f.size !== undefined ? { size: f.size } : {}),
    ...(f.hasMetadata ? { hasMetadata: true } : {}),
  };
}
