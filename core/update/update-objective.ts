import { advisoriesAffecting, type AdvisoriesByProject, type ScoreTable } from "../pipeline/index.js";
import { compareVersions, parseVersion } from "../pep440/index.js";

/** The lexicographic objective's scales: a unit of one tier outweighs every lower tier together. */
export interface UpdateScales {
  readonly advisory: number;
  readonly change: number;
  readonly move: number;
}

/**
 * Scales for `packages` packages whose advised score (a stack's sum) is bounded by `scoreBound` in
 * absolute value and whose version moves sum to at most `moveSpan` (a package moves at most its
 * number of versions less one): a move counts the releases between the pin and the new version,
 * so two stacks' moves differ by a whole number; `move > 2 * scoreBound` puts one release of move
 * above any score difference, `change > move * moveSpan` one change above any moves, and
 * `advisory > change * (packages + 1)` one advisory above any changes (a dropped locked package
 * counts as one too): the sum ranks stacks by advisories, then changes, then moves, then score
 * (glossary: smallest safe update).
 */
export function updateScales(packages: number, scoreBound: number, moveSpan: number): UpdateScales {
  const move = 2 * scoreBound + 1;
  const change = move * (moveSpan + 1);
  return { move, change, advisory: change * (packages + 2) };
}

/** The most a stack's version moves can sum to over `releases`: each package's versions less one. */
export function moveSpanOf(releases: ReadonlyMap<string, readonly string[]>): number {
  let span = 0;
  for (const versions of releases.values()) span += Math.max(0, versions.length - 1);
  return span;
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
 * minus `move` times the distance from the pin in the package's version order (the releases
 * between them). A locked package's row is raised by `change`, so that a stack without it
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
      const move = at < 0 ? 0 : Math.abs(i - at);
      const kept = pin === undefined ? 0 : scales.change;
      row.set(version, kept - (advisoryCost + (changed ? scales.change : 0) + move * scales.move));
    });
    table.set(name, row);
  }
  return table;
}
