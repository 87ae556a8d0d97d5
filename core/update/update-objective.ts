import { advisoriesAffecting, type AdvisoriesByProject, type ScoreTable } from "../pipeline/index.js";
import { compareVersions, parseVersion } from "../pep440/index.js";

/** The lexicographic objective's scales: a unit of one tier outweighs every lower tier together. */
export interface UpdateScales {
  readonly advisory: number;
  readonly change: number;
  readonly move: number;
}

/**
 * Scales for `packages` packages whose advised score is bounded by `scoreBound` in absolute value:
 * moves are normalised to [0, 1) per package, so their sum is below `packages`; changes are at most
 * `packages`; so `move > 2 * scoreBound`, `change > move * packages` and
 * `advisory > change * (packages + 1)` make the sum rank stacks by advisories, then changes, then
 * moves, then score (glossary: smallest safe update).
 */
export function updateScales(packages: number, scoreBound: number): UpdateScales {
  const move = 2 * scoreBound + 1;
  const change = move * (packages + 1);
  return { move, change, advisory: change * (packages + 1) };
}

function byVersion(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  return x.ok && y.ok ? compareVersions(x.value, y.value) : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The smallest safe update as a score table the search maximises (`maat update`): for each
 * version of each package, minus its advisories times `advisory`, minus `change` when it differs
 * from the lock's pin (a package the lock does not hold costs one change whatever its version),
 * minus `move` times the distance from the pin in the package's version order divided by the
 * number of versions. A locked package's row is raised by `change`, so that a stack without it
 * (no longer required: a row of the update's table too) also costs one change against keeping
 * its pin. `releases` lists each package's versions (those outside the closure are left out by
 * the caller).
 */
export function updateObjective(
  releases: ReadonlyMap<string, readonly string[]>, pins: Readonly<Record<string, string>>, advisories: AdvisoriesByProject, scales: UpdateScales,
): ScoreTable {
  const table = new Map<string, Map<string, number>>();
  for (const [name, versions] of releases) {
    const sorted = [...versions].sort(byVersion);
    const pin = pins[name];
    const at = pin === undefined ? -1 : sorted.findIndex((v) => byVersion(v, pin) === 0);
    const row = new Map<string, number>();
    sorted.forEach((version, i) => {
      const advisoryCost = advisoriesAffecting(advisories, name, version).length * scales.advisory;
      const changed = pin === undefined || at !== i;
      const move = at < 0 ? 0 : Math.abs(i - at) / sorted.length;
      const kept = pin === undefined ? 0 : scales.change;
      row.set(version, kept - (advisoryCost + (changed ? scales.change : 0) + move * scales.move));
    });
    table.set(name, row);
  }
  return table;
}
