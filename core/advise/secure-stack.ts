import type { Catalog } from "../catalog/index.js";
import { compileGraph, type CompileRequest } from "../compile/index.js";
import { Exclusion, packageByName, type CompiledGraph } from "../graph/index.js";
import { pinnedPackages } from "../report/index.js";
import { highestScoreFirst } from "../resolver/index.js";
import { advisoriesAffecting, type AdvisoriesByProject } from "../pipeline/index.js";
import type { Pipeline } from "../pipeline/index.js";
import { controlledSolve, type AdviseControl, type Stopped } from "./advise-control.js";

/** The request secureStack compiles (without the pipeline's hooks, which it adds itself). */
type SecureRequest = Omit<CompileRequest, "sieve" | "score" | "keepDependency" | "addedRequirements">;

/** A package of the least-exposed stack that carries advisories. */
export interface ExposedPackage {
  readonly package: string;
  readonly version: string;
  /** Advisory ids affecting the pinned version. */
  readonly advisories: readonly string[];
  /** Usable versions of the package in the unsieved graph (after every other rule). */
  readonly usableVersions: number;
  /** True when every usable version has at least one advisory: no safe version exists at all. */
  readonly allVersionsAffected: boolean;
  /** Advisory ids over all usable versions (when allVersionsAffected: why none is safe). */
  readonly advisoriesOverUsableVersions: readonly string[];
}

export type SecureStackOutcome =
  | { readonly kind: "safe"; readonly graph: CompiledGraph; readonly packages: Readonly<Record<string, string>> }
  | {
      readonly kind: "no-safe-stack";
      /** One paragraph naming the packages and advisories that make a safe stack impossible. */
      readonly message: string;
      /** The resolver's explanation on the sieved graph (mentions "removed by a sieve"). */
      readonly explanation: string;
      readonly exposed: readonly ExposedPackage[];
      /**
       * The stack found when advisories are not removed but avoided: per package the version with
       * the fewest advisories is tried first (highestScoreFirst over -advisories; a preference, not
       * a proven minimum). A pointer for the user, NOT a recommendation: it is vulnerable. null when
       * even that graph has no stack.
       */
      readonly leastExposed: { readonly packages: Readonly<Record<string, string>>; readonly advisoryCount: number } | null;
    }
  | { readonly kind: "error"; readonly message: string };

/**
 * The security recommendation type end to end: compiles the request with the pipeline's hooks
 * (its advisory sieve removes every affected version) and resolves by score. When no stack is
 * left, says why: compiles once more without the sieve, resolves that graph preferring the fewest
 * advisories, and names the packages of that stack with advisories (and whether every usable
 * version of one is affected). Never returns a vulnerable stack as the answer: a "safe" outcome is
 * re-checked against the advisories.
 */
export async function secureStack(catalog: Catalog, request: SecureRequest, pipeline: Pipeline, advisories: AdvisoriesByProject): Promise<SecureStackOutcome>;
export async function secureStack(
  catalog: Catalog, request: SecureRequest, pipeline: Pipeline, advisories: AdvisoriesByProject, control: AdviseControl | undefined,
): Promise<SecureStackOutcome | Stopped>;
export async function secureStack(
  catalog: Catalog, request: SecureRequest, pipeline: Pipeline, advisories: AdvisoriesByProject, control?: AdviseControl,
): Promise<SecureStackOutcome | Stopped> {
  const sieved = await compileGraph(catalog, { ...request, ...pipeline.hooks });
  if (!sieved.ok) return { kind: "error", message: sieved.error.message };
  const result = await controlledSolve(sieved.graph, { preference: highestScoreFirst }, control);
  if ("stopped" in result) return result;
  if (result.status === "limit") return { kind: "error", message: "the resolver stopped at its conflict limit" };
  if (result.satisfiable) {
    const packages = pinnedPackages(sieved.graph, result.pins);
    for (const [name, version] of Object.entries(packages)) {
      if (advisoriesAffecting(advisories, name, version).length > 0) {
        throw new Error(`bug: the security pipeline let ${name}==${version} through although it has advisories (is its advisory sieve missing?)`);
      }
    }
    return { kind: "safe", graph: sieved.graph, packages };
  }

  const count = (name: string, version: string) => advisoriesAffecting(advisories, name, version).length;
  // The same dependency rules (skipped and added packages), without the sieve: only advisories are avoided instead of removed.
  const { keepDependency, addedRequirements } = pipeline.hooks;
  const open = await compileGraph(catalog, { ...request, keepDependency, addedRequirements, score: (n, v) => -count(n, v) });
  if (!open.ok) return { kind: "error", message: open.error.message };
  const g = open.graph;
  const least = await controlledSolve(g, { preference: highestScoreFirst }, control);
  if ("stopped" in least) return least;
  if (!least.satisfiable) {
    return {
      kind: "no-safe-stack", explanation: result.explanation, exposed: [], leastExposed: null,
      message: `No stack satisfies the requirements even with vulnerable versions allowed:\n${least.status === "unsatisfiable" ? least.explanation : "the resolver stopped at its conflict limit"}`,
    };
  }
  const packages = pinnedPackages(g, least.pins);
  const exposed: ExposedPackage[] = [];
  let advisoryCount = 0;
  for (const [name, version] of Object.entries(packages)) {
    const ids = advisoriesAffecting(advisories, name, version).map((a) => a.id);
    if (ids.length === 0) continue;
    advisoryCount += ids.length;
    const p = packageByName(g, name);
    const over = new Set<string>();
    let usable = 0;
    let affected = 0;
    for (let c = g.versionStart[p]; c < g.versionStart[p + 1]; c++) {
      if (g.exclusion[c] !== Exclusion.None) continue;
      usable++;
      const hits = advisoriesAffecting(advisories, name, g.versions[c]);
      if (hits.length > 0) affected++;
      for (const a of hits) over.add(a.id);
    }
    exposed.push({
      package: name, version, advisories: ids, usableVersions: usable, allVersionsAffected: usable > 0 && affected === usable,
      advisoriesOverUsableVersions: [...over].sort(),
    });
  }
  const hopeless = exposed.filter((e) => e.allVersionsAffected);
  const lines = hopeless.length > 0
    ? hopeless.map((e) => `${e.package}: all ${e.usableVersions} usable versions have known advisories (${e.advisoriesOverUsableVersions.join(", ")})`)
    : exposed.map((e) => `${e.package}==${e.version}: ${e.advisories.join(", ")} (safe versions exist but none fits the other requirements)`);
  const message = [
    "No stack free of known advisories exists for these requirements (recommendation type security).",
    ...lines,
    `Least-exposed stack (vulnerable, not recommended): ${Object.entries(packages).map(([n, v]) => `${n}==${v}`).join(", ")} with ${advisoryCount} known ${advisoryCount === 1 ? "advisory" : "advisories"}.`,
  ].join("\n");
  return { kind: "no-safe-stack", message, explanation: result.explanation, exposed, leastExposed: { packages, advisoryCount } };
}
