/**
 * What the mirror serves for one project: every release whose version parses, with one file per
 * distribution (the catalog's files, or one `py3-none-any` wheel when it lists none), each with its
 * bytes, sha256 and PEP 658 metadata document.
 */
import { createHash } from "node:crypto";
import type { CandidateInfo, Catalog, DistributionFile } from "../../core/catalog/index.js";
import { canonicalVersion } from "./canonical-version.js";
import { renderMetadata } from "./metadata-document.js";
import { buildSdist } from "./sdist-archive.js";
import { buildWheel, expandWheelTag } from "./wheel-archive.js";

export interface ServedFile {
  readonly filename: string;
  readonly kind: "wheel" | "sdist";
  readonly version: string;
  readonly body: Uint8Array;
  readonly sha256: string;
  readonly metadata: Uint8Array;
  readonly metadataSha256: string;
  readonly requiresPython: string | null;
  readonly yanked: boolean;
  readonly yankedReason: string | null;
  readonly uploadTime: string | null;
}

export interface ServedProject {
  /** PEP 503 normalized. */
  readonly name: string;
  readonly files: readonly ServedFile[];
  readonly byFilename: ReadonlyMap<string, ServedFile>;
  /** Normalized versions, in catalog order. */
  readonly versions: readonly string[];
}

const sha256 = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

/** Wheel-spec escaping of a normalized name: `foo-bar` → `foo_bar`. */
export function distributionName(name: string): string {
  return name.replace(/[-_.]+/g, "_").toLowerCase();
}

/** Builds the project or returns null when the catalog does not know it; `warn` hears every skipped release or file. */
export async function buildServedProject(catalog: Catalog, name: string, displayName: string, warn: (message: string) => void): Promise<ServedProject | null> {
  const listed = await catalog.versions(name);
  if (listed.kind === "not-found") return null;
  if (listed.kind !== "found") {
    warn(`${name}: ${listed.kind === "offline" ? listed.reason : listed.reason}`);
    return null;
  }
  const files: ServedFile[] = [];
  const versions: string[] = [];
  const encoder = new TextEncoder();
  const dist = distributionName(name);
  for (const info of listed.value) {
    const version = canonicalVersion(info.version);
    if (version === null) {
      warn(`${name} ${info.version}: skipped, not a PEP 440 version`);
      continue;
    }
    const meta = await catalog.metadata(name, info.version);
    if (meta.kind !== "found") {
      warn(`${name} ${info.version}: skipped, ${meta.kind === "not-found" ? "no metadata" : meta.reason}`);
      continue;
    }
    const doc = renderMetadata(displayName, version, meta.value);
    if (!doc.ok) {
      warn(`${name} ${info.version}: skipped, ${doc.error}`);
      continue;
    }
    const metadata = encoder.encode(doc.value);
    const metadataSha256 = sha256(metadata);
    const sources: readonly (DistributionFile | null)[] = info.files ?? [null];
    let added = false;
    for (const source of sources) {
      const built = buildFile(dist, version, source, metadata);
      if (typeof built === "string") {
        warn(`${name} ${info.version}: file ${source?.filename ?? "?"} skipped, ${built}`);
        continue;
      }
      files.push({ ...built, version, sha256: sha256(built.body), metadata, metadataSha256, ...fileFlags(info, source) });
      added = true;
    }
    if (added) versions.push(version);
  }
  return { name, files, byFilename: new Map(files.map((f) => [f.filename, f])), versions };
}

function fileFlags(info: CandidateInfo, source: DistributionFile | null) {
  return {
    requiresPython: source?.requiresPython ?? info.requiresPython,
    yanked: source?.yanked ?? info.yanked,
    yankedReason: info.yankedReason,
    uploadTime: source?.uploadTime ?? info.uploadTime,
  };
}

function buildFile(dist: string, version: string, source: DistributionFile | null, metadata: Uint8Array): { filename: string; kind: "wheel" | "sdist"; body: Uint8Array } | string {
  const original = source?.filename ?? `${dist}-${version}-py3-none-any.whl`;
  if (original.endsWith(".whl")) {
    const parts = original.slice(0, -4).split("-");
    if (parts.length < 5) return "not a wheel filename";
    const tag = parts.slice(-3).join("-");
    const tags = expandWheelTag(tag);
    if (tags === null) return `bad wheel tag ${tag}`;
    return { filename: `${dist}-${version}-${tag}.whl`, kind: "wheel", body: buildWheel(dist, version, tags, metadata) };
  }
  if (original.endsWith(".tar.gz")) return { filename: `${dist}-${version}.tar.gz`, kind: "sdist", body: buildSdist(dist, version, metadata) };
  return "only wheels and .tar.gz sdists are served";
}
