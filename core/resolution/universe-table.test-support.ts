/**
 * Random universes (core/resolver/random-universe.ts) written as a package index, so the compiler
 * and the lazy graph read them through a catalog: an edge's allowed set becomes `!=` clauses over
 * the versions it leaves out, an extra's requirements carry `extra == "x"` markers, an excluded
 * version requires Python >= 99 or is yanked. Some versions also get invalid metadata, an invalid
 * requirement, or a Requires-Python that only their metadata states (the listing says nothing).
 */
import type { CandidateInfo, Catalog, CatalogOutcome } from "../catalog/index.js";
import { memoryCatalog, type MemoryRelease } from "../catalog/index.js";
import { Exclusion } from "../graph/index.js";
import { mulberry32 } from "../random/index.js";
import { randomUniverse, type UniverseOptions } from "../resolver/random-universe.js";

export interface UniverseIndex {
  readonly catalog: Catalog;
  readonly requirements: readonly string[];
}

export function universeIndex(seed: number, options: UniverseOptions): UniverseIndex {
  const u = randomUniverse(seed, options);
  const rnd = mulberry32(seed ^ 0x5eed);
  const versionsOf = new Map<string, readonly string[]>();
  for (const p of u.packages) if (p.base === undefined) versionsOf.set(p.name, p.versions.map((v) => v.version));
  const requirement = (target: string, allowed: readonly string[]): string => {
    const m = /^(.*)\[(.*)\]$/.exec(target);
    const base = m ? m[1] : target;
    const extras = m ? `[${m[2]}]` : "";
    const all = versionsOf.get(base) ?? [];
    const out = all.filter((v) => !allowed.includes(v));
    return `${base}${extras}${out.map((v) => `!=${v}`).join(",")}`;
  };
  const table: Record<string, Record<string, MemoryRelease>> = {};
  const metadataOnlyPython = new Set<string>();
  for (const p of u.packages) {
    if (p.base !== undefined) continue;
    const releases: Record<string, MemoryRelease> = {};
    p.versions.forEach((v, k) => {
      const requiresDist = v.deps.map((d) => requirement(d.target, d.allowed));
      const roll = rnd();
      const release: MemoryRelease = roll < 0.04
        ? { invalid: "METADATA is truncated" }
        : roll < 0.07
          ? { requiresDist: [...requiresDist, "broken>=>1"] }
          : {
              requiresDist,
              ...(v.exclusion === Exclusion.RequiresPython ? { requiresPython: ">=99" } : {}),
              ...(v.exclusion === Exclusion.Yanked ? { yanked: true } : {}),
            };
      if (roll >= 0.07 && roll < 0.12 && v.exclusion !== Exclusion.RequiresPython) {
        (release as { requiresPython?: string }).requiresPython = ">=99";
        metadataOnlyPython.add(`${p.name}\0${v.version}`);
      }
      releases[v.version] = release;
      void k;
    });
    table[p.name] = releases;
  }
  for (const x of u.packages) {
    if (x.base === undefined) continue;
    const extra = /\[(.*)\]$/.exec(x.name)![1];
    x.versions.forEach((v) => {
      const release = table[x.base!][v.version];
      if (release.invalid !== undefined) return;
      const extraDeps = v.deps.slice(1).map((d) => `${requirement(d.target, d.allowed)}; extra == "${extra}"`);
      table[x.base!][v.version] = { ...release, requiresDist: [...(release.requiresDist ?? []), ...extraDeps], providesExtra: [...(release.providesExtra ?? []), extra] };
    });
  }
  const memory = memoryCatalog(table);
  const catalog: Catalog = {
    async versions(name): Promise<CatalogOutcome<readonly CandidateInfo[]>> {
      const listed = await memory.versions(name);
      if (listed.kind !== "found") return listed;
      return { kind: "found", value: listed.value.map((i) => (metadataOnlyPython.has(`${name}\0${i.version}`) ? { ...i, requiresPython: null } : i)) };
    },
    metadata: (name, version) => memory.metadata(name, version),
  };
  return { catalog, requirements: u.root.map((e) => requirement(e.target, e.allowed)) };
}
