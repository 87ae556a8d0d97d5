import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Catalog } from "../catalog/index.js";
import type { CompileRequest, PrereleasePolicy } from "../compile/index.js";
import { environmentFor } from "../pep508/index.js";
import { resolveRequest } from "./resolve-request.js";
import { universeIndex } from "./universe-table.test-support.js";

const environment = environmentFor({ python: "3.8", platform: "linux" });

/** The answer on the whole compiled closure and on the graph compiled on demand, side by side. */
export async function bothWays(catalog: Catalog, request: CompileRequest): Promise<{ full: unknown; lazy: unknown }> {
  const answer = async (compile: "full" | "on-demand") => {
    const out = await resolveRequest(catalog, request, { now: () => 0, compile, maxConflicts: 5000 });
    if (!out.ok) return { error: out.error };
    const r = out.value.resolution;
    return r.satisfiable ? { packages: r.packages } : { unsatisfiable: true };
  };
  return { full: await answer("full"), lazy: await answer("on-demand") };
}

describe("resolving on a graph compiled on demand", () => {
  it("gives the answers of the fully compiled graph on random indexes (extras, prereleases, exclusions, invalid metadata)", async () => {
    const policies: PrereleasePolicy[] = ["if-necessary", "allow", "disallow", "if-necessary-or-explicit"];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1 << 30 }), fc.integer({ min: 2, max: 14 }), fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }), fc.double({ min: 0.5, max: 0.95, noNaN: true }), fc.constantFrom(...policies),
        async (seed, packages, versions, edgeProbability, maskDensity, prereleases) => {
          const index = universeIndex(seed, {
            packages, versions, edgeProbability, maskDensity, exclusionProbability: 0.1, extras: 2, rootRequirements: 3,
            cycles: seed % 3 === 0, prereleaseProbability: 0.25,
          });
          const { full, lazy } = await bothWays(index.catalog, { requirements: index.requirements, environment, prereleases });
          expect(lazy).toEqual(full);
        },
      ),
      { numRuns: 400, seed: 2026 },
    );
  });
});
