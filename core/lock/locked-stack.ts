import { evaluateMarker, normalizeName, parseRequirement, type Environment, type Requirement } from "../pep508/index.js";
import { ALWAYS, dnfAnd, dnfEquals, dnfOr, dnfText, markerDnf, NEVER, type MarkerDnf } from "./marker-dnf.js";

/** One distribution file of a locked version, as the index lists it. */
export interface LockFile {
  readonly filename: string;
  /** Absolute URL; null when the source is a snapshot without URLs. */
  readonly url: string | null;
  readonly size: number | null;
  /** ISO 8601 (UTC), or null. */
  readonly uploadTime: string | null;
  /** Hash name to hex digest, as the index gave them. */
  readonly hashes: Readonly<Record<string, string>>;
}

/** What the catalog says about one locked version. */
export interface LockPackageData {
  /** Requires-Dist of the locked version; null when unknown. */
  readonly requiresDist: readonly string[] | null;
  readonly requiresPython: string | null;
  readonly files: readonly LockFile[];
}

/** A root requirement of the lock: its text, its group (`default`, `dev`, a dependency group, `extra:NAME`) and where it was written (for `# via`). */
export interface LockRoot {
  readonly requirement: string;
  readonly group: string;
  readonly source: string;
}

export interface LockInput {
  /** The stack: PEP 503 name to version. */
  readonly pins: Readonly<Record<string, string>>;
  readonly roots: readonly LockRoot[];
  /** Per pinned name; a name without data is locked without files. */
  readonly packages: ReadonlyMap<string, LockPackageData>;
  /** The target's marker environment. */
  readonly environment: Environment;
}

export interface LockedPackage {
  readonly name: string;
  readonly version: string;
  /** When the package is needed, as a PEP 508 marker (null: always, on the target). */
  readonly marker: string | null;
  /** The groups whose roots need it (`default` first). */
  readonly groups: readonly string[];
  /** What requires it: the names of locked packages and the sources of root requirements, sorted. */
  readonly via: readonly string[];
  /** The locked packages it requires, sorted. */
  readonly dependencies: readonly string[];
  readonly requiresPython: string | null;
  readonly files: readonly LockFile[];
}

/** A stack ready to be written as a lock file. */
export interface LockedStack {
  /** Sorted by name. */
  readonly packages: readonly LockedPackage[];
  /** Packages none of whose files has a sha256, sha384 or sha512 hash (pip's --require-hashes accepts those only). */
  readonly missingHashes: readonly string[];
}

/** The hash algorithms pip's --hash accepts, strongest last. */
export const SECURE_HASHES: readonly string[] = ["sha256", "sha384", "sha512"];

export const hasSecureHash = (f: LockFile): boolean => SECURE_HASHES.some((h) => typeof f.hashes[h] === "string" && f.hashes[h] !== "");

interface Edge {
  /** A locked package, or null for a root requirement. */
  readonly from: string | null;
  readonly root: LockRoot | null;
  readonly to: string;
  readonly marker: MarkerDnf;
}

/**
 * The lock of a stack: which locked package requires which (`via`, `dependencies`), when each is
 * needed (its marker: the markers of the requirements that pull it in, through its dependents'
 * markers; extras decided), which groups need it, and its files. Requirements whose marker does
 * not hold on the target, and packages outside the stack, are left out.
 */
export function lockStack(input: LockInput): LockedStack {
  const { pins, environment } = input;
  const names = Object.keys(pins).sort();
  const parsed = new Map<string, Requirement[]>();
  for (const name of names) {
    const reqs: Requirement[] = [];
    for (const text of input.packages.get(name)?.requiresDist ?? []) {
      const r = parseRequirement(text);
      if (r.ok) reqs.push(r.value);
    }
    parsed.set(name, reqs);
  }
  const roots: { root: LockRoot; requirement: Requirement }[] = [];
  for (const root of input.roots) {
    const r = parseRequirement(root.requirement);
    if (r.ok && (r.value.marker === null || evaluateMarker(r.value.marker, environment)) && normalizeName(r.value.name) in pins) roots.push({ root, requirement: r.value });
  }

  // Active extras per package: from the roots and every included requirement, until nothing changes.
  const extras = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  const includes = (r: Requirement, active: ReadonlySet<string>): boolean =>
    r.marker === null || ["", ...active].some((e) => evaluateMarker(r.marker!, environment, e));
  for (const { requirement } of roots) for (const e of requirement.extras) extras.get(normalizeName(requirement.name))!.add(normalizeName(e));
  for (let changed = true, rounds = 0; changed && rounds <= names.length + 1; rounds++) {
    changed = false;
    for (const name of names) {
      for (const r of parsed.get(name)!) {
        const to = normalizeName(r.name);
        if (!(to in pins) || to === name || !includes(r, extras.get(name)!)) continue;
        for (const e of r.extras) {
          const set = extras.get(to)!;
          if (!set.has(normalizeName(e))) {
            set.add(normalizeName(e));
            changed = true;
          }
        }
      }
    }
  }

  const edges: Edge[] = [];
  for (const { root, requirement } of roots) {
    edges.push({ from: null, root, to: normalizeName(requirement.name), marker: requirement.marker === null ? ALWAYS : markerDnf(requirement.marker, new Set()) });
  }
  for (const name of names) {
    for (const r of parsed.get(name)!) {
      const to = normalizeName(r.name);
      if (!(to in pins) || to === name || !includes(r, extras.get(name)!)) continue;
      edges.push({ from: name, root: null, to, marker: r.marker === null ? ALWAYS : markerDnf(r.marker, extras.get(name)!) });
    }
  }

  // When each package is needed, and by which groups: propagated along the edges until stable.
  const markers = new Map<string, MarkerDnf>(names.map((n) => [n, NEVER]));
  const groups = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  for (let changed = true, rounds = 0; changed && rounds <= names.length + 1; rounds++) {
    changed = false;
    for (const e of edges) {
      const base = e.from === null ? ALWAYS : markers.get(e.from)!;
      const next = dnfOr(markers.get(e.to)!, dnfAnd(base, e.marker));
      if (!dnfEquals(next, markers.get(e.to)!)) {
        markers.set(e.to, next);
        changed = true;
      }
      const target = groups.get(e.to)!;
      for (const g of e.from === null ? [e.root!.group] : groups.get(e.from)!) {
        if (!target.has(g)) {
          target.add(g);
          changed = true;
        }
      }
    }
  }

  const packages: LockedPackage[] = names.map((name) => {
    const incoming = edges.filter((e) => e.to === name);
    const via = [...new Set(incoming.map((e) => (e.from ?? e.root!.source)))].sort();
    const dependencies = [...new Set(edges.filter((e) => e.from === name).map((e) => e.to))].sort();
    const marker = markers.get(name)!;
    const data = input.packages.get(name);
    const g = [...groups.get(name)!].sort((a, b) => (a === "default" ? -1 : b === "default" ? 1 : a < b ? -1 : a > b ? 1 : 0));
    return {
      name, version: pins[name]!, marker: marker.length === 0 ? null : dnfText(marker), groups: g.length === 0 ? ["default"] : g, via, dependencies,
      requiresPython: data?.requiresPython ?? null, files: data?.files ?? [],
    };
  });
  return { packages, missingHashes: packages.filter((p) => !p.files.some(hasSecureHash)).map((p) => p.name) };
}
