/**
 * A stack written as a lock file: what the catalog says about each locked version (its files with
 * their hashes, its requirements for `# via` and markers) gathered, core's locked stack built, and
 * the file written in the format its name asks for.
 */
import { writeLockFile, type LockContext } from "../../adapters/formats/index.js";
import type { Catalog, DistributionFile } from "../../core/catalog/index.js";
import { lockStack, type LockedStack, type LockFile, type LockPackageData } from "../../core/lock/index.js";
import { formatVersion, parseVersion } from "../../core/pep440/index.js";
import { isIndexUrl, platformTag, type ResolveRequest } from "../../core/request/index.js";
import type { LockTarget } from "./lock-flags.js";
import type { RequestLine } from "./request-options.js";
import { UsageError } from "./usage-error.js";

const canonical = (v: string): string => {
  const parsed = parseVersion(v);
  return parsed.ok ? formatVersion(parsed.value) : v;
};

const lockFile = (f: DistributionFile): LockFile => ({
  filename: f.filename, url: f.url ?? null, size: f.size ?? null, uploadTime: f.uploadTime, hashes: f.hashes,
});

/** The locked stack of pins: each version's files and requirements from the catalog (a version it cannot answer for is locked bare). */
export async function lockedStackOf(catalog: Catalog, pins: Readonly<Record<string, string>>, request: ResolveRequest, line: RequestLine): Promise<LockedStack> {
  const entries = await Promise.all(Object.entries(pins).map(async ([name, version]): Promise<[string, LockPackageData]> => {
    const listed = await catalog.versions(name);
    const info = listed.kind === "found" ? listed.value.find((i) => canonical(i.version) === canonical(version)) : undefined;
    const metadata = info === undefined ? null : await catalog.metadata(name, info.version);
    return [name, {
      requiresDist: metadata?.kind === "found" ? metadata.value.requiresDist : null,
      requiresPython: info?.requiresPython ?? null,
      files: (info?.files ?? []).map(lockFile),
    }];
  }));
  return lockStack({ pins, roots: line.roots, packages: new Map(entries), environment: request.environment });
}

/** The command line as typed (arguments with spaces or quotes quoted), for a lock's header. */
export function commandText(argv: readonly string[]): string {
  return ["maat", ...argv].map((a) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'"'"'`)}'`)).join(" ");
}

/** What a lock file of this request records besides its packages. */
export function lockContextOf(request: ResolveRequest, line: RequestLine, command: string): LockContext {
  const url = request.indexes.find(isIndexUrl) ?? null;
  const named = url === null ? undefined : line.projects.flatMap((p) => p.indexes).find((i) => i.url.replace(/\/+$/, "") === url.replace(/\/+$/, ""));
  return {
    command, environment: request.environment, platformTag: platformTag(request.target, request.environment),
    index: url === null ? null : { name: named?.name ?? null, url },
    pipfile: line.projects.find((p) => p.pipfile !== null)?.pipfile ?? null,
    groups: [...new Set(line.roots.map((r) => r.group))].filter((g) => g !== "default"),
  };
}

/** The warning of a lock without hashes: which packages the index gave none for, and how to get them. */
export function missingHashesWarning(stack: LockedStack, request: Pick<ResolveRequest, "indexes">): string | null {
  const missing = stack.missingHashes;
  if (missing.length === 0) return null;
  const names = missing.length > 5 ? `${missing.slice(0, 5).join(", ")}, ...` : missing.join(", ");
  const source = request.indexes.some(isIndexUrl) ? "the index" : `the snapshot ${request.indexes[0]}`;
  return `the lock has no file hashes: ${source} gives none for ${missing.length} of ${stack.packages.length} packages (${names}), so pip --require-hashes refuses it; `
    + "lock against an index URL for hashes (maat mirror serve SNAPSHOT serves one)";
}

/** Writes the lock file of a stack; returns the line to print on stderr. */
export function writeLock(target: LockTarget, stack: LockedStack, context: LockContext): string {
  const written = writeLockFile(target.path, stack, context);
  if (!written.ok) throw new UsageError(`--lock: ${written.error}`);
  const hashes = stack.missingHashes.length === 0 ? `, hashes from ${context.index?.url ?? "the index"}` : ", without hashes";
  return `wrote ${target.path} (${target.format === "notebook" ? "the notebook's requirements_lock, " : ""}${stack.packages.length} packages${hashes})`;
}
