import type { CompiledGraph } from "../graph/index.js";
import type { StaticStepUnit } from "./unit.js";
import { versionIdentity } from "./version-match.js";

/** A scores file: `{"<project>": {"<version>": <finite number>}}`, project names PEP 503-normalized. */
export type ScoreTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** Adds the user's score of a candidate (versions compared by PEP 440 identity). */
export function scoresStep(table: ScoreTable): StaticStepUnit {
  const byIdentity = new Map<string, Map<string, number>>();
  for (const [name, versions] of table) {
    byIdentity.set(name, new Map([...versions].map(([v, s]) => [versionIdentity(v), s])));
  }
  return {
    kind: "step",
    scope: "candidate",
    name: "scores-file",
    term: "scores",
    run(name, version) {
      const s = byIdentity.get(name)?.get(versionIdentity(version));
      return s === undefined ? undefined : { acceptable: true, score: s };
    },
  };
}

/** Packages of the scores file that the compiled graph does not hold (sorted): a mistake worth reporting. */
export function unknownScoredPackages(table: ScoreTable, graph: CompiledGraph): string[] {
  const known = new Set(graph.names);
  return [...table.keys()].filter((n) => !known.has(n)).sort();
}
