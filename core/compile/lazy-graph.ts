import type { Catalog } from "../catalog/index.js";
import type { Result } from "../failure/index.js";
import { Exclusion, ROOT_NAME, type CompiledGraph } from "../graph/index.js";
import { formatSpecifierSet, isPrerelease, makeVersion, parseVersion, specifierSetContains } from "../pep440/index.js";
import { formatRequirement, normalizeName } from "../pep508/index.js";
import type { CandidateSource, Revealed, SolverGraph } from "../resolver/index.js";
import { parseFirstParty, type FirstParty } from "./first-party.js";
import { lazySnapshot } from "./lazy-snapshot.js";
import { MAX_EXTRAS, splitDependencies, type Dependency, type RequirementCache } from "./loaded-package.js";
import { listPackage, requiresPythonFitsOnce, type ListedVersion, type Listing, type ListingContext } from "./package-listing.js";
import { DEFAULT_PRERELEASE_POLICY, type CompileError, type CompileProblem, type CompileRequest } from "./request.js";

const DEFAULT_MAX_PACKAGES = 20_000;

/**
 * A graph compiled on demand for the resolver (glossary: lazy graph): packages are listed (their
 * versions, newest first, and the exclusions that need no metadata) when a compiled candidate
 * first depends on them; a candidate's metadata is read and its dependencies compiled into edges
 * only when the solver is about to decide it (resolver CandidateSource). Same layout, names and
 * texts as compileGraph, so the solver gives the same answers (core/resolution's property test);
 * `snapshot()` is the CompiledGraph of what was compiled, for explanations and reports.
 */
export interface LazyGraph extends CandidateSource {
  /** What was skipped (a package not found, an invalid version, unusable metadata), for the candidates touched. */
  readonly problems: readonly CompileProblem[];
  /** Packages (the root included), versions listed, edges compiled so far. */
  counts(): { readonly packages: number; readonly candidates: number; readonly edges: number };
}

/** Why a lazy graph stopped: the compile error, carried by a rejected `pending` promise. */
export class LazyGraphStop extends Error {
  constructor(readonly error: CompileError) {
    super(error.message);
  }
}

/** A version's dependencies from its metadata, or why it is excluded. */
type VersionMeta =
  | { readonly kind: "usable"; readonly base: Dependency[]; readonly byExtra: Map<string, Dependency[]> }
  | { readonly kind: "excluded"; readonly reason: Exclusion; readonly requiresPython?: string };

interface Slot {
  readonly key: string;
  readonly name: string;
  readonly extra: string | null;
  readonly listing: readonly ListedVersion[];
}

/**
 * Opens a lazy graph over a catalog: parses the root requirements and constraints, lists the
 * packages the root requires and compiles the root. Requests with dependency rules
 * (keepDependency, addedRequirements) are compiled in full instead (compileGraph).
 */
export async function openLazyGraph(catalog: Catalog, request: CompileRequest): Promise<Result<LazyGraph, CompileError>> {
  if (request.keepDependency || request.addedRequirements) throw new Error("openLazyGraph: dependency rules need compileGraph");
  const env = request.environment;
  const pythonText = request.python ?? env.python_full_version;
  const python = parseVersion(pythonText);
  if (!python.ok) return { ok: false, error: { kind: "invalid-requirement", text: pythonText, message: `invalid Python version ${JSON.stringify(pythonText)}` } };
  const roots = parseFirstParty(request.requirements, env, "requirement");
  if (!roots.ok) return roots;
  const constraints = parseFirstParty(request.constraints ?? [], env, "constraint");
  if (!constraints.ok) return constraints;
  const problems: CompileProblem[] = [];
  const context: ListingContext = { request, python: python.value, roots: roots.value, constraints: constraints.value, problems, requiresPython: new Map() };
  const lazy = createLazyGraph(catalog, request, context, roots.value.map(firstPartyDependency), pythonText);
  try {
    await lazy.start();
  } catch (error) {
    if (error instanceof LazyGraphStop) return { ok: false, error: error.error };
    throw error;
  }
  return { ok: true, value: lazy.graph };
}

function firstPartyDependency(f: FirstParty): Dependency {
  return { target: f.name, extras: f.requirement.extras.map(normalizeName), requirement: f.requirement, text: formatRequirement({ ...f.requirement, marker: null }) };
}

function createLazyGraph(catalog: Catalog, request: CompileRequest, context: ListingContext, rootDeps: readonly Dependency[], pythonText: string) {
  const { problems } = context;
  const maxPackages = request.maxPackages ?? DEFAULT_MAX_PACKAGES;
  const cache: RequirementCache = new Map();
  const listings = new Map<string, Listing>();
  const loadingListings = new Map<string, Promise<void>>();
  const metas = new Map<string, (VersionMeta | undefined)[]>();
  const slots: Slot[] = [];
  const ids = new Map<string, number>();
  const specIds = new Map<string, number>();
  const specs: string[] = [];
  const masksOf = new Map<Dependency, number>();
  const masksByContent = new Map<string, number>();
  const notFound = new Set<string>();
  let compiled = new Uint8Array(64);
  let candidates = 0;
  let edges = 0;
  let words = 0;
  let preWords = 0;

  const g: SolverGraph = {
    packageCount: 0, candidateCount: 0, names: [], versions: [],
    versionStart: new Int32Array(65), baseOf: new Int32Array(64), maskWords: new Int32Array(64),
    exclusion: new Uint8Array(64), edgeStart: new Int32Array(64), edgeEnd: new Int32Array(64),
    edgeTarget: new Int32Array(256), edgeMask: new Int32Array(256), edgeSpec: new Int32Array(256),
    masks: new Uint32Array(1024), specs, score: new Float64Array(64), edgeGeneration: new Int32Array(64),
    prerelease: new Uint32Array(64), prereleasePolicy: request.prereleases ?? DEFAULT_PRERELEASE_POLICY,
  };
  const names = g.names as string[];
  const versionTexts = g.versions as string[];

  // ---- growth of the typed arrays (fields are replaced; the solver reads them from g) ----
  const grown = <T extends Int32Array | Uint8Array | Uint32Array | Float64Array>(a: T, need: number): T => {
    if (need <= a.length) return a;
    let n = a.length * 2;
    while (n < need) n *= 2;
    const b = new (a.constructor as new (n: number) => T)(n);
    b.set(a);
    return b;
  };
  function roomForPackage(): void {
    const p = g.packageCount + 1;
    g.versionStart = grown(g.versionStart, p + 1);
    g.baseOf = grown(g.baseOf, p);
    g.maskWords = grown(g.maskWords, p);
    g.edgeGeneration = grown(g.edgeGeneration, p);
  }
  function roomForCandidates(n: number): void {
    const c = candidates + n;
    g.exclusion = grown(g.exclusion, c);
    g.edgeStart = grown(g.edgeStart, c);
    g.edgeEnd = grown(g.edgeEnd, c);
    g.score = grown(g.score, c);
    compiled = grown(compiled, c);
  }
  function roomForEdges(n: number): void {
    g.edgeTarget = grown(g.edgeTarget, edges + n);
    g.edgeMask = grown(g.edgeMask, edges + n);
    g.edgeSpec = grown(g.edgeSpec, edges + n);
  }
  function addMask(wordCount: number, bits: Iterable<number>): number {
    g.masks = grown(g.masks, words + wordCount);
    const at = words;
    for (const b of bits) g.masks[at + (b >>> 5)] |= 1 << (b & 31);
    words += wordCount;
    return at;
  }
  function specId(text: string): number {
    let s = specIds.get(text);
    if (s === undefined) {
      s = specs.length;
      specs.push(text);
      specIds.set(text, s);
    }
    return s;
  }

  // ---- packages ----
  /** Adds a package with its listed versions (all known from the start); an extra mirrors its base. */
  function introduce(key: string, name: string, extra: string | null, listing: readonly ListedVersion[], exclusionOf: (v: ListedVersion) => Exclusion): number {
    roomForPackage();
    const p = g.packageCount;
    const n = listing.length;
    const wordCount = Math.max(1, Math.ceil(n / 32));
    roomForCandidates(n);
    names.push(key);
    g.baseOf[p] = extra === null ? p : ids.get(name)!;
    g.maskWords[p] = wordCount;
    g.versionStart[p] = candidates;
    g.prerelease = grown(g.prerelease, preWords + wordCount);
    for (let v = 0; v < n; v++) {
      const c = candidates + v;
      versionTexts.push(listing[v].text);
      g.exclusion[c] = exclusionOf(listing[v]);
      g.edgeStart[c] = 0;
      g.edgeEnd[c] = 0;
      compiled[c] = 0;
      if (isPrerelease(listing[v].version)) g.prerelease[preWords + (v >>> 5)] |= 1 << (v & 31);
    }
    preWords += wordCount;
    candidates += n;
    g.versionStart[p + 1] = candidates;
    g.candidateCount = candidates;
    g.packageCount = p + 1;
    slots.push({ key, name, extra, listing });
    ids.set(key, p);
    return p;
  }

  /** The package of `key` (`name` or `name[extra]`), introduced from its loaded listing if new. */
  function packageOf(name: string, extra: string | null, from: string): number {
    const key = extra === null ? name : `${name}[${extra}]`;
    const known = ids.get(key);
    if (known !== undefined) return known;
    const listing = listings.get(name);
    if (listing === undefined) throw new Error(`lazy graph: ${name} used before it was listed (bug)`);
    if (listing === null && !notFound.has(name)) {
      notFound.add(name);
      problems.push({ kind: "not-found", package: name, requiredBy: from });
    }
    if (extra !== null) packageOf(name, null, from);
    return introduce(key, name, extra, listing ?? [], (v) => v.exclusion);
  }

  function listingsNeeded(deps: readonly Dependency[], out: Set<string>): void {
    for (const d of deps) if (!listings.has(d.target)) out.add(d.target);
  }

  async function loadListings(names: Iterable<string>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const name of names) {
      if (listings.has(name)) continue;
      let loading = loadingListings.get(name);
      if (loading === undefined) {
        loading = listPackage(catalog, name, context).then((r) => {
          if (!r.ok) throw new LazyGraphStop(r.error);
          listings.set(name, r.value);
        });
        loadingListings.set(name, loading);
      }
      waits.push(loading);
    }
    await Promise.all(waits);
  }

  /** Keys the compile of these dependencies would add (for the package limit). */
  function newKeys(deps: readonly Dependency[], into: Set<string>): void {
    for (const d of deps) {
      if (!ids.has(d.target)) into.add(d.target);
      for (const e of d.extras) if (!ids.has(`${d.target}[${e}]`)) into.add(`${d.target}[${e}]`);
    }
  }

  // ---- metadata ----
  function metaOf(name: string, v: number): VersionMeta | undefined {
    return metas.get(name)?.[v];
  }

  async function loadMeta(name: string, v: number): Promise<void> {
    let list = metas.get(name);
    if (list === undefined) metas.set(name, (list = []));
    if (list[v] !== undefined) return;
    const listed = (listings.get(name) ?? [])[v];
    const meta = await catalog.metadata(name, listed.info.version);
    if (meta.kind === "offline") throw new LazyGraphStop({ kind: "offline", message: meta.reason });
    list[v] = readMeta(name, listed, meta);
  }

  function readMeta(name: string, listed: ListedVersion, meta: Awaited<ReturnType<Catalog["metadata"]>>): VersionMeta {
    if (meta.kind !== "found") {
      problems.push({ kind: "invalid-metadata", package: name, version: listed.text, reason: meta.kind === "invalid-metadata" ? meta.reason : "no metadata" });
      return { kind: "excluded", reason: meta.kind === "invalid-metadata" ? Exclusion.InvalidMetadata : Exclusion.MissingMetadata };
    }
    if (listed.info.requiresPython === null && meta.value.requiresPython !== null) {
      const fits = requiresPythonFitsOnce(meta.value.requiresPython, context);
      if (fits === "invalid") {
        problems.push({ kind: "invalid-metadata", package: name, version: listed.text, reason: `invalid Requires-Python ${JSON.stringify(meta.value.requiresPython)}` });
        return { kind: "excluded", reason: Exclusion.InvalidMetadata };
      }
      if (!fits) return { kind: "excluded", reason: Exclusion.RequiresPython, requiresPython: meta.value.requiresPython };
    }
    const split = { base: [] as Dependency[], byExtra: new Map<string, Dependency[]>() };
    const reason = meta.value.providesExtra.length > MAX_EXTRAS
      ? `declares ${meta.value.providesExtra.length} extras, more than the limit of ${MAX_EXTRAS}`
      : splitDependencies(split, meta.value.requiresDist, meta.value.providesExtra, request.environment, cache);
    if (reason !== null) {
      problems.push({ kind: "invalid-metadata", package: name, version: listed.text, reason });
      return { kind: "excluded", reason: Exclusion.InvalidMetadata };
    }
    return { kind: "usable", base: split.base, byExtra: split.byExtra };
  }

  function depsOf(slot: Slot, meta: VersionMeta & { kind: "usable" }): readonly Dependency[] {
    return slot.extra === null ? meta.base : meta.byExtra.get(slot.extra) ?? [];
  }

  // ---- edges ----
  function maskOf(d: Dependency, q: number): number {
    let at = masksOf.get(d);
    if (at === undefined) {
      const listing = slots[q].listing;
      const bits: number[] = [];
      for (let i = 0; i < listing.length; i++) if (specifierSetContains(d.requirement.specifier, listing[i].version, true)) bits.push(i);
      // Equal sets share one offset (as compileGraph's pool does), so their dependencies group together.
      const key = `${q}:${bits.join(",")}`;
      at = masksByContent.get(key);
      if (at === undefined) masksByContent.set(key, (at = addMask(g.maskWords[q], bits)));
      masksOf.set(d, at);
    }
    return at;
  }

  function pushEdge(target: number, mask: number, spec: number): void {
    roomForEdges(1);
    g.edgeTarget[edges] = target;
    g.edgeMask[edges] = mask;
    g.edgeSpec[edges] = spec;
    edges++;
  }

  /** Compiles candidate c (version v of p) from its dependencies: one edge per dependency and per requested extra. */
  function compileEdges(p: number, v: number, deps: readonly Dependency[]): void {
    const slot = slots[p];
    const c = g.versionStart[p] + v;
    const from = p === 0 ? "your requirements" : `${slot.key}==${slot.listing[v].text}`;
    // Targets first: introducing a package may grow the arrays.
    const targets = deps.map((d) => [packageOf(d.target, null, from), ...d.extras.map((e) => packageOf(d.target, e, from))]);
    g.edgeStart[c] = edges;
    if (slot.extra !== null) {
      const base = g.baseOf[p];
      pushEdge(base, addMask(g.maskWords[base], [v]), specId(`${slot.name}==${slot.listing[v].text}`));
    }
    deps.forEach((d, k) => {
      const mask = maskOf(d, targets[k][0]);
      const spec = specId(`${d.target}${d.extras.length > 0 ? `[${d.extras.join(",")}]` : ""}${formatSpecifierSet(d.requirement.specifier)}`);
      for (const q of targets[k]) pushEdge(q, mask, spec);
    });
    g.edgeEnd[c] = edges;
    compiled[c] = 1;
  }

  const graph: LazyGraph = {
    graph: g,
    problems,
    counts: () => ({ packages: g.packageCount, candidates, edges }),
    compiled: (p, v) => compiled[g.versionStart[p] + v] === 1,
    pending(p, versions) {
      const slot = slots[p];
      const missingMeta = versions.filter((v) => metaOf(slot.name, v) === undefined);
      const needed = new Set<string>();
      const keys = new Set<string>();
      for (const v of versions) {
        const meta = metaOf(slot.name, v);
        if (meta?.kind !== "usable") continue;
        const deps = depsOf(slot, meta);
        listingsNeeded(deps, needed);
        newKeys(deps, keys);
      }
      if (missingMeta.length === 0 && needed.size === 0) {
        if (g.packageCount + keys.size > maxPackages) {
          return Promise.reject(new LazyGraphStop({ kind: "too-large", message: `the closure has more than ${maxPackages} packages` }));
        }
        return null;
      }
      return (async () => {
        await Promise.all(missingMeta.map((v) => loadMeta(slot.name, v)));
        const targets = new Set<string>();
        for (const v of versions) {
          const meta = metaOf(slot.name, v);
          if (meta?.kind === "usable") listingsNeeded(depsOf(slot, meta), targets);
        }
        await loadListings(targets);
      })();
    },
    compile(p, versions) {
      const slot = slots[p];
      const excluded = new Map<Exclusion, number[]>();
      for (const v of versions) {
        const c = g.versionStart[p] + v;
        if (compiled[c] === 1) continue;
        const meta = metaOf(slot.name, v);
        if (meta === undefined) throw new Error(`lazy graph: ${slot.key} version ${v} compiled before its metadata was read (bug)`);
        if (meta.kind === "excluded") {
          g.exclusion[c] = meta.reason;
          compiled[c] = 1;
          const list = excluded.get(meta.reason);
          if (list === undefined) excluded.set(meta.reason, [v]);
          else list.push(v);
          continue;
        }
        compileEdges(p, v, depsOf(slot, meta));
      }
      g.edgeGeneration[p]++;
      return [...excluded].map(([reason, vs]): Revealed => ({ pkg: p, versions: vs, reason }));
    },
    snapshot(): CompiledGraph {
      return lazySnapshot(g, {
        requirements: request.requirements, constraints: request.constraints ?? [], python: pythonText, environment: request.environment,
        prereleases: request.prereleases ?? DEFAULT_PRERELEASE_POLICY, requires_python_excluded: requiresPythonExcluded(),
      });
    },
  };

  /** Per package, the Requires-Python of each version it excludes from the target (graph meta, for explanations). */
  function requiresPythonExcluded(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const slot of slots) {
      if (slot.extra !== null) continue;
      slot.listing.forEach((listed, v) => {
        const meta = metaOf(slot.name, v);
        const text = listed.requiresPython ?? (meta?.kind === "excluded" ? meta.requiresPython : undefined);
        if (text !== undefined) (out[slot.name] ??= {})[listed.text] = text;
      });
    }
    return out;
  }

  return {
    graph,
    /** Lists the root's packages and compiles the root (package 0). */
    async start(): Promise<void> {
      const root = introduce(ROOT_NAME, ROOT_NAME, null, [ROOT_VERSION], () => Exclusion.None);
      await loadListings(rootDeps.map((d) => d.target));
      const keys = new Set<string>();
      newKeys(rootDeps, keys);
      if (keys.size + 1 > maxPackages) throw new LazyGraphStop({ kind: "too-large", message: `the closure has more than ${maxPackages} packages` });
      compileEdges(root, 0, rootDeps);
      g.edgeGeneration[root]++;
    },
  };

}

const ROOT_VERSION: ListedVersion = {
  text: "0", version: makeVersion(0, [0], null, null, null, null), exclusion: Exclusion.None,
  info: { version: "0", requiresPython: null, yanked: false, yankedReason: null, uploadTime: null, hashes: {} },
};
