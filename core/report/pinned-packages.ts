import { ROOT, type CompiledGraph } from "../graph/index.js";

/**
 * The installed packages of a resolution: base packages only (extras and the root folded away),
 * name to version, sorted by name.
 */
export function pinnedPackages(graph: Pick<CompiledGraph, "packageCount" | "names" | "versions" | "versionStart" | "baseOf">, pins: Int32Array): Record<string, string> {
  const entries: [string, string][] = [];
  for (let p = 0; p < graph.packageCount; p++) {
    if (p === ROOT || graph.baseOf[p] !== p || pins[p] < 0) continue;
    entries.push([graph.names[p], graph.versions[graph.versionStart[p] + pins[p]]]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return Object.fromEntries(entries);
}
