import type { Catalog } from "../catalog/index.js";
import { buildGraph, Exclusion, type CompiledGraph, type EdgeInput, type PackageInput } from "../graph/index.js";
import { formatSpecifierSet, isPrerelease, parseVersion, specifierSetContains } from "../pep440/index.js";
import { formatRequirement, normalizeName } from "../pep508/index.js";
import { applyDependencyRules } from "./dependency-rules.js";
import { mentionsPrerelease, parseFirstParty, pinsExactly, type FirstParty } from "./first-party.js";
import { loadPackage, type Dependency, type LoadContext, type LoadedPackage } from "./loaded-package.js";
import { keepsPrereleases } from "./prerelease-policy.js";
import { DEFAULT_PRERELEASE_POLICY, type CompileError, type CompileProblem, type CompileRequest } from "./request.js";

export type CompileOutcome =
  | { readonly ok: true; readonly graph: CompiledGraph; readonly problems: readonly CompileProblem[] }
  | { readonly ok: false; readonly error: CompileError };

const DEFAULT_MAX_PACKAGES = 20_000;

/** A package of the closure: a project, or one extra of it (`a[x]`). */
interface Node { readonly key: string; readonly name: string; readonly extra: string | null }

/**
 * Compiles the reachable closure of a request into a CompiledGraph: loads every project the root
 * requirements reach through any version, evaluates markers and extras for the environment, and
 * turns every dependency into a bitset over the target's versions (newest first).
 */
export async function compileGraph(catalog: Catalog, request: CompileRequest): Promise<CompileOutcome> {
  const env = request.environment;
  const pythonText = request.python ?? env.python_full_version;
  const python = parseVersion(pythonText);
  if (!python.ok) return { ok: false, error: { kind: "invalid-requirement", text: pythonText, message: `invalid Python version ${JSON.stringify(pythonText)}` } };
  const roots = parseFirstParty(request.requirements, env, "requirement");
  if (!roots.ok) return roots;
  const constraints = parseFirstParty(request.constraints ?? [], env, "constraint");
  if (!constraints.ok) return constraints;
  const problems: CompileProblem[] = [];
  const context: LoadContext = {
    env, python: python.value, ignoreRequiresPythonUpperBounds: request.ignoreRequiresPythonUpperBounds ?? false, cache: new Map(),
  };
  const loaded = new Map<string, LoadedPackage | null>();
  const nodes: Node[] = [];
  const nodeKeys = new Set<string>();
  const requiredBy = new Map<string, string>();
  const maxPackages = request.maxPackages ?? DEFAULT_MAX_PACKAGES;

  const add = (key: string, name: string, extra: string | null, from: string) => {
    if (nodeKeys.has(key)) return;
    nodeKeys.add(key);
    nodes.push({ key, name, extra });
    requiredBy.set(key, from);
  };
  const enqueue = (deps: readonly Dependency[], from: string) => {
    for (const d of deps) {
      add(d.target, d.target, null, from);
      for (const e of d.extras) add(`${d.target}[${e}]`, d.target, e, from);
    }
  };
  const keepRoot = request.keepDependency;
  const rootDeps = roots.value.map(firstPartyDependency).filter((d) => keepRoot === undefined || keepRoot(d.target, null));
  enqueue(rootDeps, "your requirements");

  for (let next = 0; next < nodes.length;) {
    if (nodes.length > maxPackages) {
      return { ok: false, error: { kind: "too-large", message: `the closure has more than ${maxPackages} packages` } };
    }
    const frontier = nodes.slice(next);
    next = nodes.length;
    const names = [...new Set(frontier.map((n) => n.name))].filter((n) => !loaded.has(n));
    const results = await Promise.all(names.map((n) => loadPackage(catalog, n, context, problems)));
    for (let i = 0; i < names.length; i++) {
      const r = results[i];
      if (!r.ok) return r;
      loaded.set(names[i], r.value);
      if (r.value !== null) {
        applyRequestRules(r.value, roots.value, constraints.value, request);
        applyDependencyRules(r.value, request, env, problems);
      }
      if (r.value === null) problems.push({ kind: "not-found", package: names[i], requiredBy: requiredBy.get(names[i]) ?? "?" });
    }
    for (const node of frontier) {
      const pkg = loaded.get(node.name);
      if (!pkg) continue;
      for (const v of pkg.versions) {
        if (v.exclusion !== Exclusion.None) continue;
        enqueue(node.extra === null ? v.base : v.byExtra.get(node.extra) ?? [], `${node.key}==${v.text}`);
      }
    }
  }

  const packages = layout(nodes, loaded, request.score);
  const graph = buildGraph({
    root: edgesOf(rootDeps, loaded, new Map() as EdgeCache),
    packages,
    meta: {
      requirements: request.requirements,
      constraints: request.constraints ?? [],
      python: pythonText,
      environment: env,
      prereleases: request.prereleases ?? DEFAULT_PRERELEASE_POLICY,
      requires_python_excluded: requiresPythonExcluded(loaded),
    },
  });
  return { ok: true, graph, problems };
}

/** Per package, the Requires-Python of each version it excludes from the target (for explanations). */
function requiresPythonExcluded(loaded: ReadonlyMap<string, LoadedPackage | null>): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, pkg] of loaded) {
    for (const v of pkg?.versions ?? []) {
      if (v.exclusion === Exclusion.RequiresPython && v.requiresPython !== undefined) (out[name] ??= {})[v.text] = v.requiresPython;
    }
  }
  return out;
}

function firstPartyDependency(f: FirstParty): Dependency {
  return { target: f.name, extras: f.requirement.extras.map(normalizeName), requirement: f.requirement, text: formatRequirement({ ...f.requirement, marker: null }) };
}

/** Exclusions decided by the request as a whole: yanked (PEP 592), prereleases, constraints, sieves. */
function applyRequestRules(
  pkg: LoadedPackage, roots: readonly FirstParty[], constraints: readonly FirstParty[], request: CompileRequest,
): void {
  const mine = [...roots, ...constraints].filter((f) => f.name === pkg.name);
  const mineConstraints = constraints.filter((c) => c.name === pkg.name);
  const preOk = keepsPrereleases(request.prereleases ?? DEFAULT_PRERELEASE_POLICY,
    pkg.versions.every((v) => isPrerelease(v.version)), mine.some((f) => mentionsPrerelease(f.requirement.specifier)));
  for (const v of pkg.versions) {
    if (v.exclusion !== Exclusion.None) continue;
    if (v.info.yanked && !mine.some((f) => pinsExactly(f.requirement.specifier, v.version, v.text))) v.exclusion = Exclusion.Yanked;
    else if (!preOk && isPrerelease(v.version)) v.exclusion = Exclusion.Prerelease;
    else if (mineConstraints.some((c) => !specifierSetContains(c.requirement.specifier, v.version, true))) v.exclusion = Exclusion.Constraint;
    else if (request.sieve && !request.sieve(pkg.name, v.text)) v.exclusion = Exclusion.Sieve;
    else if (request.installable && !request.installable(pkg.name, v.text, v.info.files)) v.exclusion = Exclusion.NoDistribution;
  }
}

/** Turns the loaded closure into the GraphInput layout: one package per node, extras mirroring their base. */
function layout(nodes: readonly Node[], loaded: Map<string, LoadedPackage | null>, score: CompileRequest["score"]): PackageInput[] {
  const maskCache: EdgeCache = new Map();
  return nodes.map((node) => {
    const pkg = loaded.get(node.name);
    const versions = (pkg?.versions ?? []).map((v) => {
      // An excluded candidate is never pinned, so its dependencies (maybe never loaded) need no edges.
      const deps = v.exclusion !== Exclusion.None ? [] : node.extra === null ? v.base : v.byExtra.get(node.extra) ?? [];
      const edges = edgesOf(deps, loaded, maskCache);
      if (node.extra !== null) edges.unshift({ target: node.name, allowed: [v.text], spec: `${node.name}==${v.text}` });
      const s = node.extra === null && score ? score(node.name, v.text) : 0;
      return { version: v.text, exclusion: v.exclusion, yanked: v.info.yanked, score: s, deps: edges };
    });
    return node.extra === null ? { name: node.key, versions } : { name: node.key, base: node.name, versions };
  });
}

/** One edge to the base package and one to each requested extra, all with the same allowed versions. */
function edgesOf(deps: readonly Dependency[], loaded: Map<string, LoadedPackage | null>, cache: EdgeCache): EdgeInput[] {
  const edges: EdgeInput[] = [];
  for (const d of deps) {
    let known = cache.get(d);
    if (known === undefined) {
      const indices: number[] = [];
      const versions = loaded.get(d.target)?.versions ?? [];
      for (let i = 0; i < versions.length; i++) {
        if (specifierSetContains(d.requirement.specifier, versions[i].version, true)) indices.push(i);
      }
      const spec = `${d.target}${d.extras.length > 0 ? `[${d.extras.join(",")}]` : ""}${formatSpecifierSet(d.requirement.specifier)}`;
      cache.set(d, (known = { indices, spec }));
    }
    edges.push({ target: d.target, allowed: [], indices: known.indices, spec: known.spec });
    for (const e of d.extras) edges.push({ target: `${d.target}[${e}]`, allowed: [], indices: known.indices, spec: known.spec });
  }
  return edges;
}

/** Per dependency (shared between the candidates whose metadata repeats it): its allowed versions and text. */
type EdgeCache = Map<Dependency, { readonly indices: number[]; readonly spec: string }>;
