import type { CandidateInput, EdgeInput, GraphInput, PackageInput } from "../graph/build.js";
import { Exclusion } from "../graph/compiled-graph.js";
import { mulberry32 } from "../random/index.js";

/** Shape of a generated universe (for property tests and benchmarks). */
export interface UniverseOptions {
  readonly packages: number;
  readonly versions: number;
  /** Probability that a candidate depends on a given later package. */
  readonly edgeProbability: number;
  /** Probability that a version is in an edge's allowed set. */
  readonly maskDensity: number;
  /** Probability that a candidate is excluded (requires-python, yanked...). */
  readonly exclusionProbability: number;
  /** Number of extras `p[x]` to add (each mirrors its base package). */
  readonly extras: number;
  /** Number of root requirements. */
  readonly rootRequirements: number;
  /** Probability that a package has no versions at all (a missing project); default 0.05. */
  readonly missingProbability?: number;
  /** Give every edge at least one allowed version (default false). */
  readonly nonEmptyMasks?: boolean;
  /** Allow edges to any package (cycles), not only to later ones. */
  readonly cycles?: boolean;
  /** Probability that a version is a prerelease (`k.0b1` instead of `k.0`); default 0. */
  readonly prereleaseProbability?: number;
}

/** A deterministic random universe: packages p0..p{n-1} with versions `k.0`, newest first. */
export function randomUniverse(seed: number, o: UniverseOptions): GraphInput {
  const rnd = mulberry32(seed);
  const n = o.packages;
  const names = Array.from({ length: n }, (_, i) => `p${i}`);
  const versionsOf = names.map(() => 1 + Math.floor(rnd() * o.versions) - (rnd() < (o.missingProbability ?? 0.05) ? 1 : 0));
  const pre = o.prereleaseProbability ?? 0;
  // Drawn only when asked for, so the universes of a seed without prereleases stay as they were.
  const texts = versionsOf.map((count) => Array.from({ length: count }, (_, k) => `${count - k}.0${pre > 0 && rnd() < pre ? "b1" : ""}`));
  const versionText = (k: number, count: number, q: number) => texts[q][k];
  const edge = (q: number): EdgeInput => {
    const count = versionsOf[q];
    const allowed: string[] = [];
    for (let k = 0; k < count; k++) if (rnd() < o.maskDensity) allowed.push(versionText(k, count, q));
    if (o.nonEmptyMasks && allowed.length === 0 && count > 0) allowed.push(versionText(Math.floor(rnd() * count), count, q));
    // Requirement-like text: `==` for one version, the bare name for all, an operator otherwise.
    const spec = allowed.length === 1 ? `${names[q]}==${allowed[0]}` : allowed.length === count ? names[q] : `${names[q]}~={${allowed.join(",")}}`;
    return { target: names[q], allowed, spec };
  };
  const packages: PackageInput[] = names.map((name, p) => {
    const versions: CandidateInput[] = [];
    for (let k = 0; k < versionsOf[p]; k++) {
      const deps: EdgeInput[] = [];
      for (let q = o.cycles ? 0 : p + 1; q < n; q++) if (q !== p && rnd() < o.edgeProbability) deps.push(edge(q));
      const excluded = rnd() < o.exclusionProbability;
      versions.push({
        version: versionText(k, versionsOf[p], p),
        deps,
        score: Math.floor(rnd() * 100) / 100,
        exclusion: excluded ? (rnd() < 0.5 ? Exclusion.RequiresPython : Exclusion.Yanked) : Exclusion.None,
        yanked: false,
      });
    }
    return { name, versions };
  });
  const extras: PackageInput[] = [];
  for (let x = 0; x < o.extras && n > 1; x++) {
    const b = Math.floor(rnd() * (n - 1));
    const name = `${names[b]}[x${x}]`;
    const base = packages[b];
    const versions = base.versions.map((v) => {
      const deps: EdgeInput[] = [{ target: names[b], allowed: [v.version], spec: `${names[b]}==${v.version}` }];
      for (let q = b + 1; q < n; q++) if (rnd() < o.edgeProbability) deps.push(edge(q));
      return { version: v.version, deps, exclusion: v.exclusion, score: 0 };
    });
    extras.push({ name, base: names[b], versions });
    // Some later-ish candidates (or the root) request the extra.
    for (const pkg of packages.slice(0, b)) {
      for (const v of pkg.versions) {
        if (rnd() < o.edgeProbability) {
          (v.deps as EdgeInput[]).push({ target: name, allowed: versions.map((c) => c.version).filter(() => rnd() < o.maskDensity), spec: `${name}` });
        }
      }
    }
  }
  const root: EdgeInput[] = [];
  const pool = [...names.keys()];
  for (let r = 0; r < o.rootRequirements && pool.length > 0; r++) {
    const q = pool.splice(Math.floor(rnd() * pool.length), 1)[0];
    root.push(edge(q));
  }
  if (extras.length > 0 && rnd() < 0.5) root.push({ target: extras[0].name, allowed: extras[0].versions.map((v) => v.version), spec: extras[0].name });
  return { root, packages: [...packages, ...extras] };
}
