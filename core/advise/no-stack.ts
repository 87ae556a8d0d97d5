import type { CompiledGraph } from "../graph/index.js";
import { conflictPackages, type ConflictPackage, type SolveResult } from "../resolver/index.js";
import type { SecureStackOutcome } from "./secure-stack.js";

/** A package of the least-exposed stack with the advisories of its pinned version. */
export interface ExposedPackageJson {
  readonly package: string;
  readonly version: string;
  readonly advisories: readonly string[];
  /** Every usable version of the package has an advisory: no safe version exists. */
  readonly all_versions_affected: boolean;
  readonly advisories_over_usable_versions: readonly string[];
}

/** Why a request has no stack, as data beside the explanation's text (the report's `conflict`). */
export type NoStackReason =
  | { readonly kind: "unsatisfiable"; readonly packages: readonly ConflictPackage[] }
  | {
      readonly kind: "no-safe-stack";
      readonly packages: readonly ExposedPackageJson[];
      /** The stack with the fewest advisories (vulnerable, never the answer); null when none exists at all. */
      readonly least_exposed: { readonly packages: Readonly<Record<string, string>>; readonly advisory_count: number } | null;
    }
  | { readonly kind: "resolver-limit" };

/** The reason of an unsatisfiable (or undecided) resolution, or of the security type's "no safe stack". */
export function noStackReason(graph: CompiledGraph, resolved: Exclude<SolveResult, { satisfiable: true }>, secure?: SecureStackOutcome): NoStackReason {
  if (secure?.kind === "no-safe-stack") {
    return {
      kind: "no-safe-stack",
      packages: secure.exposed.map((e) => ({
        package: e.package, version: e.version, advisories: e.advisories, all_versions_affected: e.allVersionsAffected, advisories_over_usable_versions: e.advisoriesOverUsableVersions,
      })),
      least_exposed: secure.leastExposed === null ? null : { packages: secure.leastExposed.packages, advisory_count: secure.leastExposed.advisoryCount },
    };
  }
  return resolved.status === "unsatisfiable" ? { kind: "unsatisfiable", packages: conflictPackages(graph, resolved.derivation) } : { kind: "resolver-limit" };
}
